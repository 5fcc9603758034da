// The house's layering rules, checked by `npm run lint` (and so by CI). DESIGN.md "Layout":
// imports run down the flow, never back up. Tests, test helpers and network fakes are exempt
// (they assemble whole apps on purpose).
const notTests = '(\\.test\\.ts$|^src/test/|/testing/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-transport',
      comment: 'Only http/ (and the processes and CLI that start it) may import http/: the domain does not know HTTP.',
      severity: 'error',
      from: { path: '^src/', pathNot: [notTests, '^src/(http|processes|cli)/', '^src/main\\.ts$'] },
      to: { path: '^src/http/' },
    },
    {
      name: 'hono-outside-http',
      comment: 'Hono is the transport: it is imported in http/ only.',
      severity: 'error',
      from: { path: '^src/', pathNot: [notTests, '^src/http/'] },
      to: { path: '(^|/)node_modules/(hono|@hono)/' },
    },
    {
      name: 'channels-import-the-domain',
      comment:
        'A network folder (and the contract) depends only on the contract, other channel code, lib, config, the store and the outbound client (net): intake, outbox, media, posts and the scheduler call it, never the other way round.',
      severity: 'error',
      from: { path: '^src/channels/', pathNot: notTests },
      to: { path: '^src/', pathNot: ['^src/(channels|lib|config|store|net)/', '^src/app\\.ts$'] },
    },
    {
      name: 'network-folders-through-the-registry',
      comment:
        'Outside src/channels/, code reaches a network only through the registry and the contract (adapter members such as `templates`, `check`, `fetchPost`): a new network then touches its folder and one registry line. The demo is exempt: it plays an outside system posting to the API channel.',
      severity: 'error',
      from: { path: '^src/', pathNot: [notTests, '^src/channels/', '^src/demo/', '^src/site-chat/'] },
      to: { path: '^src/channels/[^/]+/', pathNot: '^src/channels/contract/' },
    },
    {
      name: 'site-chat-reaches-only-the-site-network',
      comment: "The site chat's visitor use-cases serve the site widget's own network and may name its types; no other network's.",
      severity: 'error',
      from: { path: '^src/site-chat/', pathNot: notTests },
      to: { path: '^src/channels/[^/]+/', pathNot: ['^src/channels/contract/', '^src/channels/site/'] },
    },
    {
      name: 'app-from-channels-type-only',
      comment: 'Network code may name the App type (the context it runs in), never reach into it at runtime.',
      severity: 'error',
      from: { path: '^src/channels/', pathNot: notTests },
      to: { path: '^src/app\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'top-level-imported',
      comment: 'processes/ and cli/ are entry points: nothing below them imports them.',
      severity: 'error',
      from: { path: '^src/', pathNot: [notTests, '^src/(processes|cli)/', '^src/main\\.ts$'] },
      to: { path: '^src/(processes|cli)/' },
    },
    {
      name: 'cycle-across-folders',
      comment: 'A cycle that spans folders ties rooms together; break it (move the shared piece down, or invert it).',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: notTests },
      to: { circular: true, via: { pathNot: '^src/$1/' } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^web/', '^bench/', '/fixtures/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
