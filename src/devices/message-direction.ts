// Which ways a messenger probe goes: a fact of the device profile's messenger targets and of every messenger result.

/** A messenger probe's direction: the phone sends (outbound) or the peer sends (inbound). */
export const MESSAGE_DIRECTIONS = ['outbound', 'inbound'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];
