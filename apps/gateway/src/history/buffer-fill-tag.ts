// The historian's own computed tag (UY-990, buffer fill %), defined with its alarms in the plant file.

/** The computed tag the history service publishes its buffer fill to, when the plant defines it. */
export const BUFFER_FILL_TAG = 'UY-990';
