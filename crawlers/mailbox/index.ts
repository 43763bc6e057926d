import type { MailboxShapeId } from '../../src/config/mailbox-schema.js';
import type { MailboxShape } from './types.js';
import { m1 } from './m1.js';
import { m3 } from './m3.js';
import { m4 } from './m4.js';
import { m8 } from './m8.js';

export const MAILBOX_SHAPES: Record<MailboxShapeId, MailboxShape> = { M1: m1, M3: m3, M4: m4, M8: m8 };

export function mailboxShape(id: MailboxShapeId): MailboxShape {
  return MAILBOX_SHAPES[id];
}
