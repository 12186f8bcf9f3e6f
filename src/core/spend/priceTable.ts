// The shape of config/prices.json: validated by a unit test, published as config/prices.schema.json.
import { z } from 'zod';

export const PriceEntrySchema = z.strictObject({
  input: z.number().min(0).describe('USD per million uncached input tokens.'),
  output: z.number().min(0).describe('USD per million output tokens.'),
  cache_read: z.number().min(0).optional().describe('USD per million tokens read from the prompt cache (default: input).'),
  cache_write: z.number().min(0).optional().describe('USD per million tokens written to the prompt cache (default: input).'),
  context_window: z.int().positive().describe('Context window in tokens.'),
});

export const PriceTableSchema = z
  .strictObject({
    $schema: z.string().optional(),
    $comment: z.string().optional(),
    taken: z.iso.date().describe('The date the prices were taken from the providers (YYYY-MM-DD).'),
    sources: z
      .record(z.string().min(1), z.string().min(1))
      .optional()
      .describe('provider -> the published pages its current model ids, prices and windows were read from.'),
    providers: z
      .record(z.string().min(1), z.record(z.string().min(1), PriceEntrySchema))
      .describe('provider -> model -> price. Local providers list their models at 0 for the context windows.'),
  })
  .describe('LLM Router price table (config/prices.json).');

export type PriceTable = z.infer<typeof PriceTableSchema>;

export function priceTableJsonSchema(): object {
  return z.toJSONSchema(PriceTableSchema, { io: 'input', target: 'draft-7' });
}
