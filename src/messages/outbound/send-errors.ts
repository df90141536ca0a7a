import { ENGINE_ERROR_KINDS, EngineError } from '@app/whatsapp';

/** The `errorCode` of a failed message: the engine's reason, or `gave_up` when every attempt was cut short. */
export const SEND_ERROR_CODES = [...ENGINE_ERROR_KINDS, 'gave_up'] as const;
export type SendErrorCode = (typeof SEND_ERROR_CODES)[number];

export interface SendFailure {
  code: SendErrorCode;
  /** The real cause in words, for the stored `error` and the log. */
  message: string;
}

/** What went wrong with a send: the engine says it in its own terms; anything else is `unknown`. */
export function sendFailure(err: unknown): SendFailure {
  if (err instanceof EngineError) return { code: err.kind, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'unknown', message: message.slice(0, 500) };
}
