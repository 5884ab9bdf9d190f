/**
 * Where runs go and whether they cost money, said the same way by the server's start banner and the CLI. With both
 * FAL_KEY and LOCAL_FAL_URL set, paid runs go to fal.ai and previews to that local engine: say exactly that.
 */
export function describeEngines(o: { falKey?: string; localFalUrl?: string; builtInUrl?: string }): string[] {
  const local = o.localFalUrl
    ? `the local fal engine at ${o.localFalUrl}`
    : o.builtInUrl
      ? `the built-in local fal engine (${o.builtInUrl})`
      : 'the built-in local fal engine (started on first preview)';
  if (o.falKey)
    return [
      'FAL_KEY is set: runs go to fal.ai and cost money.',
      `Previews (the Preview button, \`pikaflow run --preview\`) go to ${local}: ffmpeg renders, not Pika videos, free.`,
    ];
  return [
    `No FAL_KEY: every run goes to ${local}. Outputs are previews rendered on this machine, not Pika videos, and cost nothing.`,
  ];
}
