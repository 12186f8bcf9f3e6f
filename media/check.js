// Checks a message against the JSON Schema the host embeds (generated from its zod schema): the subset that
// zod's toJSONSchema emits (type, properties, required, additionalProperties, items, const, enum, oneOf/anyOf,
// bounds). Loaded before dashboard.js; also loaded by the unit tests.
// @ts-check
(function (root) {
  'use strict';
  /** @returns {string} '' when `v` fits `s`, else where and why not. */
  function check(s, v, path) {
    if (s.oneOf || s.anyOf) {
      const alts = s.oneOf || s.anyOf;
      const errs = alts.map((a) => check(a, v, path));
      return errs.some((e) => e === '') ? '' : errs.sort((a, b) => b.length - a.length)[0] || `${path}: no match`;
    }
    if ('const' in s && v !== s.const) return `${path}: expected ${JSON.stringify(s.const)}`;
    if (s.enum && !s.enum.includes(v)) return `${path}: not one of ${s.enum.join(', ')}`;
    switch (s.type) {
      case 'object': {
        if (!v || typeof v !== 'object' || Array.isArray(v)) return `${path}: expected an object`;
        for (const k of s.required || []) if (!(k in v)) return `${path}.${k}: missing`;
        for (const [k, x] of Object.entries(v)) {
          const sub = s.properties && s.properties[k];
          if (!sub) {
            if (s.additionalProperties === false) return `${path}.${k}: unexpected`;
            continue;
          }
          if (x === undefined) continue;
          const e = check(sub, x, `${path}.${k}`);
          if (e) return e;
        }
        return '';
      }
      case 'array':
        if (!Array.isArray(v)) return `${path}: expected a list`;
        if (s.maxItems !== undefined && v.length > s.maxItems) return `${path}: too long`;
        if (s.minItems !== undefined && v.length < s.minItems) return `${path}: too short`;
        for (let i = 0; i < v.length; i++) {
          const e = s.items ? check(s.items, v[i], `${path}[${i}]`) : '';
          if (e) return e;
        }
        return '';
      case 'string':
        if (typeof v !== 'string') return `${path}: expected text`;
        if (s.maxLength !== undefined && v.length > s.maxLength) return `${path}: too long`;
        if (s.minLength !== undefined && v.length < s.minLength) return `${path}: too short`;
        return '';
      case 'integer':
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) return `${path}: expected a number`;
        if (s.type === 'integer' && !Number.isInteger(v)) return `${path}: expected an integer`;
        if (s.minimum !== undefined && v < s.minimum) return `${path}: below ${s.minimum}`;
        if (s.maximum !== undefined && v > s.maximum) return `${path}: above ${s.maximum}`;
        if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) return `${path}: not above ${s.exclusiveMinimum}`;
        return '';
      case 'boolean':
        return typeof v === 'boolean' ? '' : `${path}: expected true or false`;
      default:
        return '';
    }
  }

  /** '' when `value` fits `schema`, else where and why not. */
  root.llmRouterCheck = (schema, value) =>
    schema && (schema.oneOf || schema.anyOf || schema.type) ? check(schema, value, 'message') : 'message: no schema to check it against';
})(typeof window !== 'undefined' ? window : globalThis);
