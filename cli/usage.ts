/** Help texts. Every flag the parsers accept is listed here, so `--help` is the reference. */

export const RUN_USAGE = `usage: pikaflow run <graph.json> [options]
       pikaflow run --template <name|id> [options]

Runs a graph without the UI, on the server's engine and data folder (so its cache is shared).
Exit 0 only when the run completes.

options:
  --set <node>.<param>=<value>  set a node parameter (repeatable); values are JSON when they parse: seed=42
  --input <name>=<value>        set a template input (repeatable)
  --template <name|id>          run a saved template instead of a graph file
  --budget <usd>                refuse the run when its estimate is above this many USD
  --reroll <node>               generate this node anew instead of using the cache (repeatable)
  --preview                     a free preview on the built-in local engine, even when FAL_KEY is set:
                                ffmpeg renders that show the chain's wiring and timing, not Pika videos
  --resubmit <node>             submit again a node whose earlier submit may have reached fal
                                (state "uncertain"; repeatable) — may cost twice
  -h, --help                    show this help

environment: FAL_KEY (paid runs on fal.ai), LOCAL_FAL_URL (a local fal engine already running), DATA_DIR`;

export const VALIDATE_USAGE = `usage: pikaflow validate <graph.json>

Checks a graph without running it: problems and exit 1, or the execution order and estimated cost and exit 0.

options:
  -h, --help  show this help`;

export const MAIN_USAGE = `usage: pikaflow <command> [options]

commands:
  validate <graph.json>                 check a graph: problems, or execution order and estimated cost
  run <graph.json> | --template <name>  run a graph; --preview for a free run on the built-in local engine

pikaflow <command> --help shows the options of one command.`;

export const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';
