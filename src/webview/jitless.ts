// Imported first by the page: zod must never compile code here. The CSP has no 'unsafe-eval', and zod's
// probe for it (a caught `new Function`) would still be reported as a violation. Object schemas read this
// setting when they are built, so it has to run before any schema module.
import * as z from 'zod';

z.config({ jitless: true });
