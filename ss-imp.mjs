const t0 = performance.now(); const c0 = process.cpuUsage();
await import(process.argv[2]);
const c = process.cpuUsage(c0);
console.log(process.argv[2].split('/').slice(-3).join('/'), (performance.now()-t0).toFixed(0), 'ms wall', ((c.user+c.system)/1000).toFixed(0), 'ms cpu');
