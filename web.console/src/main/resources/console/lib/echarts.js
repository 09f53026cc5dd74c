// Stable URL of ECharts for the shell and programme pages: import * as echarts from '/console/lib/echarts.js';
export * from './vendor/echarts-5.6.0.esm.min.js';
