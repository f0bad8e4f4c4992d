// Charts as inline SVG, for a report that opens with no network: bars and
// lines, with intervals as whiskers or bands, reference lines and flagged
// points. Series differ by dash and marker shape as well as by colour, so
// a chart reads without colour.
#ifndef FRONTDOOR_CLIENTS_REPORT_SVG_CHART_H_
#define FRONTDOOR_CLIENTS_REPORT_SVG_CHART_H_

#include <string>
#include <vector>

namespace frontdoor::report {

// One series of values by category (NaN where there is none), with an
// optional interval per value (both empty: no interval).
struct Series {
  std::string name;
  std::vector<double> values;
  std::vector<double> low;
  std::vector<double> high;
};

// A horizontal line across a line chart (a control chart's centre or
// limits).
struct ReferenceLine {
  std::string name;
  double value = 0;
};

// A chart's frame: what it is called, its text alternative and its scale.
struct ChartFrame {
  // The SVG's id (unique in the page).
  std::string id;
  // The title, read first by a screen reader.
  std::string title;
  // A sentence saying what the chart shows, for those who cannot see it.
  std::string description;
  // Values are shares (0 to 1), shown as percentages.
  bool percent = false;
  // The largest value the value axis must hold, rounded up to a round top;
  // 0 takes it from the data (side-by-side panels pass the same, so that
  // they compare at a glance).
  double value_max = 0;
  // Drawn above the plot: the run a side-by-side panel shows.
  std::string panel;
  // The value axis's title, with its unit ("contacts", "hours", "% of
  // MASH contacts").
  std::string value_axis;
  // The line chart's other axis ("month", "week starting").
  std::string x_axis;
};

// A value axis from 0 to `top` in `step`s of 1, 2, 2.5 or 5 times a power
// of ten, five steps or fewer.
struct AxisScale {
  double top = 1;
  double step = 0.25;
};

// The round axis that holds `max` (a share's stops at 100%, where an
// interval past it is clipped).
AxisScale NiceScale(double max, bool percent);

// The start of a chart's SVG, `height` high: its title and text
// alternative for screen readers, the fills bars share, and (with an
// `axis_top`) its value axis's range as data-axis-min and data-axis-max.
// A chart drawn outside this file starts with it and ends with "</svg>".
std::string SvgOpen(const ChartFrame& frame, int height, double axis_top = 0);

// Categories down the side, one bar per series in each; intervals as
// whiskers. Every bar is an SVG element of class "mark".
std::string BarChartSvg(const ChartFrame& frame,
                        const std::vector<std::string>& categories,
                        const std::vector<Series>& series);

// Points in order along the bottom (weeks, months), one line per series,
// intervals as bands, and reference lines; points whose `flagged` entry is
// true (series 0 only) are drawn as triangles. Every point is an SVG
// element of class "mark".
std::string LineChartSvg(const ChartFrame& frame,
                         const std::vector<std::string>& x_labels,
                         const std::vector<Series>& series,
                         const std::vector<ReferenceLine>& references = {},
                         const std::vector<bool>& flagged = {});

// A matrix of counts as a heat map: darker cells hold more, every cell
// carries its number; column headings wrap onto two lines. Every cell is
// an SVG element of class "mark".
std::string HeatMapSvg(const ChartFrame& frame,
                       const std::vector<std::string>& rows,
                       const std::vector<std::string>& columns,
                       const std::vector<std::vector<double>>& counts,
                       const std::string& row_axis,
                       const std::string& column_axis);

// One point of a scatter chart: its label, where it is, and an interval
// on y (both NaN: none).
struct ScatterPoint {
  std::string label;
  double x = 0;
  double y = 0;
  double y_low = 0;
  double y_high = 0;
};

// A histogram: one bar per bin, touching, each bin's value (a share with
// `frame.percent`) as its height; `bins` names each bin ("0-6"). Every bar
// is an SVG element of class "mark".
std::string HistogramSvg(const ChartFrame& frame,
                         const std::vector<std::string>& bins,
                         const std::vector<double>& values);

// Points of y against x on one scale for both, the diagonal y = x dashed
// (where a perfect forecast would sit), intervals as vertical whiskers.
// Every point is an SVG element of class "mark".
std::string ScatterSvg(const ChartFrame& frame, const std::string& x_name,
                       const std::string& y_name,
                       const std::vector<ScatterPoint>& points);

// A round number at or above `v` (1, 2, 2.5 or 5 times a power of ten),
// for the top of an axis.
double NiceTop(double v);

// The largest value or interval end in `series` (0 when there is none).
double MaxOf(const std::vector<Series>& series);

// `value` as the report writes it: a share as "81.7%", a count with
// thousands separators ("15,232"), anything else to 3 significant figures.
std::string FormatValue(double value, bool percent);

// Text made safe inside HTML or SVG.
std::string Escape(const std::string& text);

}  // namespace frontdoor::report

#endif  // FRONTDOOR_CLIENTS_REPORT_SVG_CHART_H_
