export { planDemoRecords, type DemoAccount, type DemoPlan } from './demo-records.js';
export { seedDemo, type DemoSeedOptions, type DemoSeedResult } from './seed-demo.js';
