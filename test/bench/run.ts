/** `npm run bench [-- --quick]`: every benchmark in one run, each writing its results under results/. */
export {}
await import('./engine.ts')
await import('./admission.ts')
