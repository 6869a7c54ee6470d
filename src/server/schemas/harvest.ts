import { Type } from '@sinclair/typebox'

/**
 * The harvest documents follow external specifications (Frictionless, DCAT, Project Open Data),
 * which the tests check against the specifications' own JSON Schemas; here only their outline is
 * declared, for the OpenAPI document, and everything else passes through.
 */
const Open = { additionalProperties: true } as const

export const DataPackageResponse = Type.Object({
  $schema: Type.String(),
  name: Type.String(),
  version: Type.String(),
  resources: Type.Array(Type.Object({ name: Type.String(), path: Type.String(), bytes: Type.Integer(), hash: Type.String() }, Open)),
}, { ...Open, description: 'Frictionless Data Package v2 descriptor (https://datapackage.org/profiles/2.0/datapackage.json)' })

export const DcatCatalogResponse = Type.Object({
  '@context': Type.Record(Type.String(), Type.String()),
  '@type': Type.Literal('dcat:Catalog'),
  'dcat:dataset': Type.Array(Type.Object({ '@id': Type.String(), '@type': Type.Literal('dcat:Dataset') }, Open)),
}, { ...Open, description: 'DCAT 3 / DCAT-AP catalog in JSON-LD' })

export const PodCatalogResponse = Type.Object({
  conformsTo: Type.String(),
  dataset: Type.Array(Type.Object({ identifier: Type.String(), title: Type.String(), accessLevel: Type.String() }, Open)),
}, { ...Open, description: 'Project Open Data v1.1 catalog (data.json)' })
