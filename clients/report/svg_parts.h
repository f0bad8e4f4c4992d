// What the report's SVG charts share as they draw: the width, the colours,
// coordinates and point markers. For chart files only; pages use
// svg_chart.h.
#ifndef FRONTDOOR_CLIENTS_REPORT_SVG_PARTS_H_
#define FRONTDOOR_CLIENTS_REPORT_SVG_PARTS_H_

#include <cstddef>
#include <string>

#include "clients/report/svg_chart.h"

namespace frontdoor::report {

// Every chart's width in the page's pixels.
inline constexpr int kChartWidth = 560;

// Series `i`'s colour (Okabe and Ito's, told apart by most colour-blind
// readers).
const char* Colour(size_t i);

// A coordinate to a tenth of a pixel.
std::string Px(double v);

// A point's marker: circle, square, diamond or triangle by series; a
// flagged point as a black triangle. Its tooltip is `tip`.
std::string Marker(size_t series, double x, double y, const std::string& tip,
                   bool flagged);

// The run a side-by-side panel draws, appended to `out` above everything
// else in the chart; the height it takes (0 for no panel).
double PanelHeading(const ChartFrame& frame, std::string* out);

// A tick's value as an axis writes it, with as many decimals as `step`
// has; shares as percentages.
std::string TickText(double v, double step, bool percent);

// An axis title centred on (x, y) ("" for an empty title).
std::string AxisTitle(const std::string& title, double x, double y);

// The value axis's title up the left edge, centred on `middle` ("" for
// none).
std::string ValueAxisTitle(const ChartFrame& frame, double middle);

}  // namespace frontdoor::report

#endif  // FRONTDOOR_CLIENTS_REPORT_SVG_PARTS_H_
