// The privacy gate of the request flow (after classify, before rules): local-only mode, private paths and
// secrets decide whether a request may leave the machine, and what text it may carry.
import type { LoadedConfig } from '../config/model';
import { createPrivacyGate, SecretBlockedError, type PrivacyGate } from '../privacy';
import type { ChatMessage } from '../types';
import type { PrivacyNote } from './types';

export interface GatedRequest {
  messages: readonly ChatMessage[];
  localOnly: boolean;
  privacy: PrivacyNote;
  /** Set under privacy.secrets: block when secrets were found: nothing may be sent. */
  blocked?: SecretBlockedError;
}

const gates = new WeakMap<LoadedConfig, PrivacyGate>();

export function gateRequest(config: LoadedConfig, messages: readonly ChatMessage[], files: readonly string[] | undefined, localOnly: boolean | undefined): GatedRequest {
  let gate = gates.get(config);
  if (!gate) gates.set(config, (gate = createPrivacyGate(config)));
  const verdict = gate.check({ filePaths: files, text: messages.map((m) => m.content), localOnly });
  const privacy: PrivacyNote = { reasons: verdict.reasons };
  if (verdict.badge) privacy.badge = verdict.badge;
  if (verdict.message) privacy.message = verdict.message;
  const redacted = verdict.text && verdict.text.some((t, i) => t !== messages[i].content);
  return {
    messages: redacted ? messages.map((m, i) => ({ ...m, content: verdict.text![i] })) : messages,
    localOnly: verdict.localOnly,
    privacy,
    ...(verdict.blocked ? { blocked: new SecretBlockedError(verdict.findings) } : {}),
  };
}
