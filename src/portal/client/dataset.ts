import './portal.ts'
