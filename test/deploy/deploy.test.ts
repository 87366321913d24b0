import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigMap, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { parseAllDocuments, parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { localNginxConf, nginxBinary, nginxConfigTest } from '../support/nginx.js';

const root = path.resolve(import.meta.dirname, '../..');
const k8sDir = path.join(root, 'deploy/k8s');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are free-form YAML, checked by schema below
type Manifest = Record<string, any>;

/** Kubernetes 1.27 JSON schemas, compiled into kubernetes-models: validate() throws on a schema violation. */
const models: Record<string, new (data: Manifest) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

function manifests(): { file: string; doc: Manifest }[] {
  return readdirSync(k8sDir)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(k8sDir, file), 'utf8')).map((d) => {
        expect(d.errors, file).toEqual([]);
        return { file, doc: d.toJS() as Manifest };
      }),
    );
}

const find = (kind: string, name: string): Manifest => {
  const m = manifests().find((x) => x.doc.kind === kind && x.doc.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name}`);
  return m.doc;
};

describe('Kubernetes manifests', () => {
  it('every manifest validates against the Kubernetes API schema of its kind', () => {
    const all = manifests();
    expect(all.length).toBeGreaterThanOrEqual(11);
    for (const { file, doc } of all) {
      const Model = models[`${doc.apiVersion}/${doc.kind}`];
      expect(Model, `${file}: ${doc.apiVersion} ${doc.kind} has no schema here`).toBeDefined();
      expect(() => new Model!(doc).validate(), `${file}: ${doc.kind} ${doc.metadata?.name}`).not.toThrow();
    }
    // The schema check does catch mistakes (a string port), so the loop above is not vacuous.
    const broken = structuredClone(find('Deployment', 'boxoffice-api'));
    broken.spec.template.spec.containers[0].ports[0].containerPort = '3000';
    expect(() => new Deployment(broken).validate()).toThrow(/containerPort must be integer/);
  });

  it('lists every manifest but the secret template in the kustomization', () => {
    const kustomization = parse(readFileSync(path.join(k8sDir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    const files = readdirSync(k8sDir).filter((f) => f.endsWith('.yaml') && !['kustomization.yaml', 'secret.example.yaml'].includes(f));
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('probes /healthz for liveness and /readyz for readiness, and runs as non-root', () => {
    const api = find('Deployment', 'boxoffice-api');
    const container = api.spec.template.spec.containers[0];
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.startupProbe.httpGet.path).toBe('/healthz');
    expect(container.ports[0].containerPort).toBe(3000);
    for (const kind of ['boxoffice-api', 'boxoffice-worker']) {
      const spec = find('Deployment', kind).spec.template.spec;
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      expect(spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
      // Secrets come from the Secret, settings from the ConfigMap; nothing secret is inline.
      expect(spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'boxoffice' } }, { secretRef: { name: 'boxoffice' } }]);
      expect(spec.containers[0].env).toBeUndefined();
    }
  });

  it('wires Service, Ingress, HPA and PDBs to the pods that exist', () => {
    const api = find('Deployment', 'boxoffice-api');
    const worker = find('Deployment', 'boxoffice-worker');
    const apiLabels = api.spec.template.metadata.labels;
    const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
      Object.entries(selector).every(([k, v]) => labels[k] === v);

    const service = find('Service', 'boxoffice-api');
    expect(matches(service.spec.selector, apiLabels)).toBe(true);
    expect(matches(service.spec.selector, worker.spec.template.metadata.labels)).toBe(false);
    expect(service.spec.ports[0].targetPort).toBe(api.spec.template.spec.containers[0].ports[0].name);

    const backend = find('Ingress', 'boxoffice').spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe('boxoffice-api');
    expect(backend.port.name).toBe(service.spec.ports[0].name);

    const hpa = find('HorizontalPodAutoscaler', 'boxoffice-api');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'boxoffice-api' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(api.spec.replicas);

    expect(matches(find('PodDisruptionBudget', 'boxoffice-api').spec.selector.matchLabels, apiLabels)).toBe(true);
    expect(find('PodDisruptionBudget', 'boxoffice-api').spec.minAvailable).toBeLessThan(hpa.spec.minReplicas);
    expect(matches(find('PodDisruptionBudget', 'boxoffice-worker').spec.selector.matchLabels, worker.spec.template.metadata.labels)).toBe(
      true,
    );
    expect(find('CronJob', 'boxoffice-backup').spec.jobTemplate.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe(
      find('PersistentVolumeClaim', 'boxoffice-backups').metadata.name,
    );
  });

  it('gives the app a configuration it accepts, with every secret it needs from the Secret', () => {
    const env = { ...find('ConfigMap', 'boxoffice').data, ...find('Secret', 'boxoffice').stringData } as Record<string, string>;
    const config = loadConfig(env);
    expect(config.env).toBe('production');
    expect(config.databaseUrl).toMatch(/^postgres:/);
    expect(config.redisUrl).toMatch(/^redis:/);
    expect(config.metricsToken).toBeDefined();
    expect(config.runWorker).toBe(false);
    expect(config.demoSeed).toBe(false);
  });
});

describe('docker compose and nginx', () => {
  const compose = parse(readFileSync(path.join(root, 'deploy/docker-compose.yml'), 'utf8'), { merge: true }) as Manifest;

  it('runs PostgreSQL, Redis, two APIs, a worker and nginx, each depending on services that exist', () => {
    const services = compose.services as Record<string, Manifest>;
    expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'migrate', 'nginx', 'postgres', 'redis', 'worker']);
    for (const [name, service] of Object.entries(services)) {
      const deps = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(services[dep], `${name} depends on ${dep}`).toBeDefined();
    }
    for (const name of ['api-1', 'api-2']) {
      expect(services[name]!.command).toEqual(['serve']);
      expect(services[name]!.environment.RUN_WORKER).toBe('false');
      expect(services[name]!.environment.SECRET_KEY).toMatch(/^\$\{SECRET_KEY:\?/);
    }
    expect(services.worker!.command).toEqual(['worker']);
    expect(services.worker!.environment.BACKUP_DIR).toBe('/backups');
    expect(services.nginx!.volumes).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro');
  });

  it("nginx's upstream is the compose file's API services", () => {
    const conf = readFileSync(path.join(root, 'deploy/nginx.conf'), 'utf8');
    const servers = [...conf.matchAll(/^\s*server ([\w-]+):(\d+)/gm)].map((m) => m[1]);
    const apis = Object.entries(compose.services as Record<string, Manifest>)
      .filter(([, s]) => s.command?.[0] === 'serve')
      .map(([name]) => name);
    expect(servers.sort()).toEqual(apis.sort());
  });

  const nginx = nginxBinary();
  const required = process.env.REQUIRE_SCALE === '1';
  it.skipIf(!nginx && !required)('nginx -t accepts deploy/nginx.conf (upstreams pointed at this machine)', async () => {
    if (!nginx) throw new Error('nginx is not installed (apt-get install nginx); REQUIRE_SCALE=1 makes this a failure');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-nginx-'));
    try {
      const conf = path.join(dir, 'nginx.conf');
      await writeFile(conf, await localNginxConf({ upstreams: ['127.0.0.1:3101', '127.0.0.1:3102'], port: 18080, dir }));
      expect(await nginxConfigTest(nginx, conf, dir)).toMatch(/syntax is ok[\s\S]*test is successful/);
      // And it would reject a broken file: the check is real.
      await writeFile(
        conf,
        (await localNginxConf({ upstreams: ['127.0.0.1:3101'], port: 18080, dir })).replace('least_conn;', 'least_conn'),
      );
      await expect(nginxConfigTest(nginx, conf, dir)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  if (!nginx && !required) console.warn('[deploy] nginx not installed: skipping nginx -t (apt-get install nginx)');
});
