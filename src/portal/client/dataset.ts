/** The dataset page's enhancements; each section's module finds its own elements and does nothing without them. */
import './portal.ts'
import './copy-snippets.ts'
import './keyed-downloads.ts'
import './preview.ts'
import './chart-builder.ts'
import './apply.ts'
