// What the page keeps across hide/show (the webview host stores it): collapsed sections, open decisions,
// the what-if draft, the scroll position. Read back field by field: a bad field falls back to its default.
import * as z from 'zod';

const UiStateSchema = z.object({
  collapsed: z.record(z.string(), z.boolean()).catch(() => ({})),
  /** Ids of the decisions whose details are open. */
  open: z.array(z.number()).catch(() => []),
  draft: z.object({ rule: z.number(), chain: z.array(z.string()) }).nullable().catch(null),
  /** How many recent decisions the what-if re-routes. */
  last: z.number().catch(10),
  scrollY: z.number().catch(0),
  /** The target picked in the what-if's "Add" list. */
  add: z.string().catch(''),
});

export type UiState = z.infer<typeof UiStateSchema>;

export function restoreUi(saved: unknown): UiState {
  return UiStateSchema.parse(saved && typeof saved === 'object' && !Array.isArray(saved) ? saved : {});
}
