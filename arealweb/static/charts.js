/*
 * Chart.js bar charts drawn from the data in each <canvas data-chart> (the analysis dashboard,
 * the scenario comparison); the table beside each chart holds the same numbers.
 */

import { chartColours } from "./styles.js";

/** Draw every chart on the page; body[data-charts] then says how many. */
export function drawCharts(locale) {
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const data = JSON.parse(canvas.dataset.chart);
    canvas.chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, n) {
          return { label: series[0], data: series[1], backgroundColor: chartColours[n % chartColours.length] };
        }),
      },
      options: {
        indexAxis: data.labels.length > 6 ? "y" : "x",
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: locale,
        plugins: { legend: { display: data.series.length > 1 } },
        scales: { x: { ticks: { autoSkip: false } }, y: { ticks: { autoSkip: false } } },
      },
    });
  });
  document.body.dataset.charts = String(document.querySelectorAll("canvas[data-chart]").length);
}
