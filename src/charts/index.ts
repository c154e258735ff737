/**
 * Chart builders: pure functions that return Plotly figures in the book's theme,
 * shown in notebooks with `showChart` (src/display.ts).
 */
export * from './figure.js';
export * from './theme.js';
export * from './bins.js';
export * from './stacking-charts.js';
export * from './activation-charts.js';
export * from './weight-histograms.js';
export * from './loss-curve.js';
export * from './predictions-chart.js';
export * from './network-diagram.js';
export * from './loss-sparkline.js';
export * from './chart-html.js';
