export { planDemoRecords, type DemoAccount, type DemoFailure, type DemoPlan } from './demo-records.js';
export { seedDemo, type DemoSeedOptions, type DemoSeedResult } from './seed-demo.js';
export { planDemoCommerce, type DemoCommercePlan } from './demo-commerce.js';
