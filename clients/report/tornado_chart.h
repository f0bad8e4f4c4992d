// A tornado chart: how far a KPI moves from its base when each input goes
// to the low and to the high end of its range, one bar per input, the
// widest on top.
#ifndef FRONTDOOR_CLIENTS_REPORT_TORNADO_CHART_H_
#define FRONTDOOR_CLIENTS_REPORT_TORNADO_CHART_H_

#include <string>

#include "clients/report/svg_chart.h"
#include "clients/study/sensitivity.h"

namespace frontdoor::report {

// The chart: a vertical line at the base, and for each input a solid
// segment from the base to the KPI at the low end and a hatched one to the
// KPI at the high end. Every segment is an SVG element of class "mark".
std::string TornadoSvg(const ChartFrame& frame, const study::Tornado& tornado);

// The chart in a figure with its caption and its numbers as a table; `id`
// is unique in the page.
std::string TornadoFigure(const std::string& id, const study::Tornado& tornado,
                          const std::string& label);

}  // namespace frontdoor::report

#endif  // FRONTDOOR_CLIENTS_REPORT_TORNADO_CHART_H_
