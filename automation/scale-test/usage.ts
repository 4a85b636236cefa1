/** The help text of `npm run scale-test` (--help): what the program does, every option and its default. */
import { builtInNames } from "../scenario";
import { LOAD_USAGE } from "./load-options";
import { DEFAULT_CONNECTIONS, TARGET_PATHS } from "./options";
import { toleranceDefaults } from "./tolerance";

export const USAGE = `Usage: npm run scale-test -- [options]

Deploys the stack with the Pulumi Automation API, drives a CPU demand at a
FeastFlow Service with HTTP load, watches the HPA and the Deployment, and
passes only if every sample lies inside the envelope a model of the HPA
controller draws for the demand the load produced (on both sides: not
later or lower, not earlier or higher than the declared config allows), N
ready replicas first show inside their window, replicas never pass
maxReplicas, and no request fails. Results on stdout, progress on stderr
(live on a terminal, one line per sample elsewhere).

Options:
  --stack NAME            Pulumi stack to deploy and test (default: kind)
  --target NAME           backend | frontend (default: backend, or the scenario's target)
  --scenario NAME|FILE    drive a scenario and judge every sample through every phase, up and back down,
                          with its config changes applied as it goes and restored at the end: a built-in
                          (${builtInNames().join(", ")}) or a YAML/JSON file of phases (see
                          automation/scenario/built-in/); not with --demand, --duration, --expect-replicas,
                          --within or --verify-scale-down, which the scenario sets
  --duration SECONDS      load duration, e.g. 180, 180s, 3m (default: the scale-up deadline + 30 s)
  --connections N         the most HTTP connections the load opens; requests come due at the rate whatever
                          this is, and a due request finds a free connection or waits for one (default: ${DEFAULT_CONNECTIONS})
  --demand MILLICORES     total CPU the load puts on the target and holds, e.g. 900 or 900m; the run finds
                          the request rate that produces it here (default: 1.5 × the least demand at which
                          the HPA takes N − 1 pods to N, printed with its derivation)
  --rate N                cap on requests/s over all connections, 0 = no cap (default: the rate at which the
                          load generators would spend half of the CPU they may use, measured as the run goes);
                          a run the cap keeps too light to judge ends inconclusive (exit 3). An HPA without a
                          CPU target needs it: the load is then this fixed rate
  --path PATH             request path (default: backend ${TARGET_PATHS.backend}, frontend ${TARGET_PATHS.frontend})
  --url URL               base URL of the Service, skips discovery (must be this machine: localhost,
                          127.0.0.1 or one of its addresses; never a port-forward, which reaches one pod)
${LOAD_USAGE}
  --expect-replicas N     N: ready replicas the scale-up must reach, above minReplicas and at most maxReplicas
                          (default: min(maxReplicas, minReplicas + 2))
  --within SECONDS        deadline for that, from load start, at most --duration (default: from the HPA model)
  --max-errors N          failed requests allowed: errors + timeouts + non-2xx (default: 0)
  --verify-scale-down     after load, also wait for replicas to come back to minReplicas
  --skip-deploy           do not run pulumi up; test what the stack already deployed (not with --config)
  --destroy               pulumi destroy the stack at the end, pass or fail
  -c, --config KEY=VALUE  stack config override by path, read like pulumi config set --path,
                          e.g. backend.autoscaling.maxReplicas=20 (repeatable; written to the stack's config)
  --json FILE             write { verdict, expectations, demand, measured, room, phases, configChanges, syncs,
                          load, series, setup, baseline } as JSON (- for stdout; the results for people then
                          go to stderr)
  --report FILE           write the report: FILE.html, one self-contained page (verdict, chart, per-sync table,
                          derivation), or FILE.svg, the chart alone
  --baseline FILE         compare with a previous run's --json FILE: each figure beside the previous one with
                          the change, in the report and the JSON; the run fails when a figure is worse than
                          its tolerance. A run of another setup is refused before anything is deployed,
                          naming what differs: target, path, scenario and its phases, N, the demand asked,
                          the target's autoscaling and resources, metricsServer.metricResolution (the image
                          is not compared: a new image against the old one is what a baseline is for)
  --tolerance FIGURE=+N%  how much worse a figure may be, relative to the baseline; FIGURE=off only reports
                          it (repeatable). A time within one sample interval of the previous is not counted
                          worse. Figures and their defaults:
${toleranceDefaults("                            ")}
  --debug                 print the stack trace of an unexpected error
  -h, --help              show this help

Exit status: 0 when the verdict passes, 1 when it fails (a figure beyond its --baseline
tolerance too) or a preflight check fails, 2 on bad options or options the stack's
config rules out (a --baseline of another setup too), 3 when the load was too light
to judge the HPA or a load generator could not keep its share (inconclusive: raise
what the verdict names), 130 when interrupted.`;
