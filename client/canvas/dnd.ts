/** The drag payload type of a palette item, read by the canvas on drop. */
export const PALETTE_MIME = 'application/x-pikaflow-node';
