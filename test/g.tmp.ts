import { benchGrowth } from './bench/growth';
console.log(benchGrowth());
