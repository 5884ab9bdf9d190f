import { useServerConfig } from './server-config.ts';

/** Without a FAL_KEY every run is a preview: said once across the top of the editor and of the form page. */
export function LocalEngineBanner() {
  const local = useServerConfig((s) => !!s.config?.localEngine);
  if (!local) return null;
  return (
    <div className="pf-banner" data-testid="local-banner">
      Local preview engine — runs are free previews, not real Pika generations
    </div>
  );
}
