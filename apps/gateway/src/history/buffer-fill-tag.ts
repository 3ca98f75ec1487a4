// The historian's own computed tag (UY-990, backlog fill %), defined with its alarms in the plant file.

/** The computed tag the history service publishes its backlog fill to, when the plant defines it. */
export const BUFFER_FILL_TAG = 'UY-990';
