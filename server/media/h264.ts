/** Shared encoder settings: H.264 yuv420p plays everywhere; faststart lets browsers play before the download ends. */
export const h264Output = [
  '-c:v',
  'libx264',
  '-preset',
  'veryfast',
  '-crf',
  '18',
  '-pix_fmt',
  'yuv420p',
  '-movflags',
  '+faststart',
];
