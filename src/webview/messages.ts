// What the extension posts, checked against the shared zod schema before anything renders.
import './jitless';

export { parseToView } from '../core/dashboard/protocol';
