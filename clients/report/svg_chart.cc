// Bars and lines drawn as SVG text, on round scales with titled axes.
#include "clients/report/svg_chart.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/report/svg_parts.h"
#include "clients/simulate/kpi_catalogue.h"
#include "lib/domain/escape.h"

namespace frontdoor::report {
namespace {

// Okabe and Ito's colours, told apart by most colour-blind readers; dashes
// and shapes tell them apart in grey.
constexpr const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7"};
constexpr const char* kDashes[] = {"", "7 3", "2 3", "9 3 2 3"};
constexpr int kWidth = kChartWidth;

const char* Dash(size_t i) { return kDashes[i % 4]; }

}  // namespace

const char* Colour(size_t i) { return kColours[i % 4]; }

double NiceTop(double v) {
  if (v <= 0) return 1;
  const double power = std::pow(10, std::floor(std::log10(v)));
  for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (step * power >= v * 0.9999) return step * power;
  }
  return 10 * power;
}

AxisScale NiceScale(double max, bool percent) {
  if (!(max > 0)) return {percent ? 1.0 : 1.0, percent ? 0.25 : 0.25};
  // The smallest round step that covers `max` in five steps or fewer.
  const double power = std::pow(10, std::floor(std::log10(max / 5)));
  double step = 10 * power;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * power * 5 >= max * (1 - 1e-9)) {
      step = m * power;
      break;
    }
  }
  AxisScale scale{std::ceil(max / step - 1e-9) * step, step};
  // A share never passes 100%; an interval drawn past it is clipped there.
  if (percent && scale.top > 1) scale.top = 1;
  return scale;
}

std::string Px(double v) { return absl::StrFormat("%.1f", v); }

std::string Marker(size_t series, double x, double y, const std::string& tip,
                   bool flagged) {
  const std::string common = absl::StrCat(
      " class=\"mark", flagged ? " flagged" : "", "\" fill=\"",
      flagged ? "#000" : Colour(series), "\"><title>", Escape(tip), "</title>");
  if (flagged) {
    return absl::StrCat("<path d=\"M", Px(x), " ", Px(y - 6), " L", Px(x + 5),
                        " ", Px(y + 3.5), " L", Px(x - 5), " ", Px(y + 3.5),
                        " Z\"", common, "</path>");
  }
  switch (series % 4) {
    case 1:
      return absl::StrCat("<rect x=\"", Px(x - 2.5), "\" y=\"", Px(y - 2.5),
                          "\" width=\"5\" height=\"5\"", common, "</rect>");
    case 2:
      return absl::StrCat("<path d=\"M", Px(x), " ", Px(y - 3.5), " L",
                          Px(x + 3.5), " ", Px(y), " L", Px(x), " ",
                          Px(y + 3.5), " L", Px(x - 3.5), " ", Px(y), " Z\"",
                          common, "</path>");
    default:
      return absl::StrCat("<circle cx=\"", Px(x), "\" cy=\"", Px(y),
                          "\" r=\"2.8\"", common, "</circle>");
  }
}

std::string SvgOpen(const ChartFrame& frame, int height, double axis_top) {
  return absl::StrCat(
      "<svg id=\"", Escape(frame.id), "\" class=\"chart\" role=\"img\" ",
      // The value axis's range, for a reader's script (or a test) to
      // compare side-by-side panels.
      axis_top > 0 ? absl::StrCat("data-axis-min=\"0\" data-axis-max=\"",
                                  absl::StrFormat("%.10g", axis_top), "\" ")
                   : "",
      "aria-labelledby=\"", Escape(frame.id), "-t ", Escape(frame.id),
      "-d\" viewBox=\"0 0 ", kWidth, " ", height, "\" width=\"", kWidth,
      "\" height=\"", height, "\" xmlns=\"http://www.w3.org/2000/svg\">",
      "<title id=\"", Escape(frame.id), "-t\">", Escape(frame.title),
      "</title><desc id=\"", Escape(frame.id), "-d\">",
      Escape(frame.description), "</desc>",
      // Hatching and dots fill the second and third series' bars.
      "<defs><pattern id=\"", Escape(frame.id),
      "-p1\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" "
      "fill=\"",
      Colour(1),
      "\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
      "stroke=\"#fff\" stroke-width=\"2\"/></pattern><pattern id=\"",
      Escape(frame.id),
      "-p2\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
      "<rect width=\"5\" height=\"5\" fill=\"",
      Colour(2),
      "\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.2\" fill=\"#fff\"/>"
      "</pattern></defs>");
}

namespace {

std::string Legend(const std::vector<Series>& series, double y) {
  if (series.size() < 2) return "";
  std::string out;
  double x = 8;
  for (size_t i = 0; i < series.size(); ++i) {
    absl::StrAppend(
        &out, "<line x1=\"", Px(x), "\" y1=\"", Px(y - 4), "\" x2=\"",
        Px(x + 22), "\" y2=\"", Px(y - 4), "\" stroke=\"", Colour(i),
        "\" stroke-width=\"2\"",
        *Dash(i) ? absl::StrCat(" stroke-dasharray=\"", Dash(i), "\"") : "",
        "/><text x=\"", Px(x + 26), "\" y=\"", Px(y), "\" class=\"legend\">",
        Escape(series[i].name), "</text>");
    x += 36 + 6.5 * series[i].name.size();
  }
  return out;
}

}  // namespace

std::string Escape(const std::string& text) { return XmlEscaped(text); }

std::string FormatValue(double value, bool percent) {
  // The catalogue's way, so that the report writes numbers as the
  // summaries and `compare` do.
  return percent ? FormatKpi(KpiUnit::kShare, value) : FormatNumber(value);
}

double MaxOf(const std::vector<Series>& series) {
  double top = 0;
  for (const Series& s : series) {
    for (double v : s.values) {
      if (!std::isnan(v)) top = std::max(top, v);
    }
    for (double v : s.high) {
      if (!std::isnan(v)) top = std::max(top, v);
    }
  }
  return top;
}

double PanelHeading(const ChartFrame& frame, std::string* out) {
  if (frame.panel.empty()) return 0;
  absl::StrAppend(out, "<text x=\"8\" y=\"15\" class=\"panel\">",
                  Escape(frame.panel), "</text>");
  return 20;
}

std::string TickText(double v, double step, bool percent) {
  if (percent) {
    v *= 100;
    step *= 100;
  }
  // As many decimals as the step has (2.5 needs one, 0.25 two).
  int decimals = 0;
  while (decimals < 4 &&
         std::fabs(step * std::pow(10, decimals) -
                   std::round(step * std::pow(10, decimals))) > 1e-6) {
    ++decimals;
  }
  const std::string text = decimals == 0 ? FormatValue(std::round(v), false)
                                         : absl::StrFormat("%.*f", decimals, v);
  return percent ? text + "%" : text;
}

std::string AxisTitle(const std::string& title, double x, double y) {
  if (title.empty()) return "";
  return absl::StrCat("<text x=\"", Px(x), "\" y=\"", Px(y),
                      "\" text-anchor=\"middle\" class=\"axis-title\">",
                      Escape(title), "</text>");
}

std::string ValueAxisTitle(const ChartFrame& frame, double middle) {
  if (frame.value_axis.empty()) return "";
  return absl::StrCat("<text x=\"14\" y=\"", Px(middle),
                      "\" text-anchor=\"middle\" class=\"axis-title\" "
                      "transform=\"rotate(-90 14 ",
                      Px(middle), ")\">", Escape(frame.value_axis), "</text>");
}

std::string BarChartSvg(const ChartFrame& frame,
                        const std::vector<std::string>& categories,
                        const std::vector<Series>& series) {
  constexpr double kLeft = 200, kRight = 80, kBar = 14, kGap = 10;
  constexpr double kAxis = 40;  // ticks and the axis title below the bars
  std::string heading;
  const double panel = PanelHeading(frame, &heading);
  const double legend = panel + (series.size() > 1 ? 22 : 4);
  const double group = kBar * series.size() + kGap;
  const double bottom = legend + group * categories.size();
  const int height = static_cast<int>(bottom + kAxis);
  const AxisScale scale = NiceScale(
      frame.value_max > 0 ? frame.value_max : MaxOf(series), frame.percent);
  const double top = scale.top;
  const double span = kWidth - kLeft - kRight;
  std::string out = SvgOpen(frame, height, top) + heading;
  absl::StrAppend(&out, Legend(series, panel + 14));
  // Round ticks with faint grid lines, then the axis title.
  for (int t = 0; t * scale.step <= top * (1 + 1e-9); ++t) {
    const double v = t * scale.step;
    const double x = kLeft + span * v / top;
    absl::StrAppend(&out, "<line x1=\"", Px(x), "\" y1=\"", Px(legend),
                    "\" x2=\"", Px(x), "\" y2=\"", Px(bottom),
                    "\" stroke=\"#e4e4e4\"/><text x=\"", Px(x), "\" y=\"",
                    Px(bottom + 13),
                    "\" text-anchor=\"middle\" class=\"axis tick\">",
                    TickText(v, scale.step, frame.percent), "</text>");
  }
  absl::StrAppend(&out,
                  AxisTitle(frame.value_axis, kLeft + span / 2, bottom + 30));
  absl::StrAppend(&out, "<line x1=\"", kLeft, "\" y1=\"", Px(legend),
                  "\" x2=\"", kLeft, "\" y2=\"", Px(bottom),
                  "\" stroke=\"#555\"/>");
  for (size_t c = 0; c < categories.size(); ++c) {
    const double y0 = legend + c * group;
    absl::StrAppend(&out, "<text x=\"", Px(kLeft - 6), "\" y=\"",
                    Px(y0 + group / 2 - kGap / 2 + 4),
                    "\" text-anchor=\"end\" class=\"axis\">",
                    Escape(categories[c]), "</text>");
    for (size_t s = 0; s < series.size(); ++s) {
      const double v = c < series[s].values.size() ? series[s].values[c] : NAN;
      if (std::isnan(v)) continue;
      const double y = y0 + s * kBar;
      const double w = std::max(0.0, span * std::min(v, top) / top);
      const std::string fill =
          s % 4 == 1 || s % 4 == 2
              ? absl::StrCat("url(#", Escape(frame.id), "-p", s % 4, ")")
              : Colour(s);
      // A zero still shows as a hairline, so that every value has a mark.
      absl::StrAppend(&out, "<rect class=\"mark\" x=\"", kLeft, "\" y=\"",
                      Px(y + 1), "\" width=\"", Px(std::max(w, 1.0)),
                      "\" height=\"", Px(kBar - 2), "\" fill=\"", fill,
                      "\" stroke=\"", Colour(s), "\"><title>",
                      Escape(absl::StrCat(
                          series[s].name.empty() ? "" : series[s].name + ": ",
                          categories[c], " ", FormatValue(v, frame.percent))),
                      "</title></rect>");
      double label_x = kLeft + w + 4;
      if (c < series[s].low.size() && c < series[s].high.size() &&
          !std::isnan(series[s].low[c])) {
        const double lo = kLeft + span * std::min(series[s].low[c], top) / top;
        const double hi = kLeft + span * std::min(series[s].high[c], top) / top;
        absl::StrAppend(&out, "<path class=\"interval\" d=\"M", Px(lo), " ",
                        Px(y + kBar / 2), " H", Px(hi), " M", Px(lo), " ",
                        Px(y + 3), " V", Px(y + kBar - 3), " M", Px(hi), " ",
                        Px(y + 3), " V", Px(y + kBar - 3),
                        "\" stroke=\"#000\" fill=\"none\"/>");
        label_x = std::max(label_x, hi + 4);
      }
      absl::StrAppend(&out, "<text x=\"", Px(label_x), "\" y=\"",
                      Px(y + kBar - 3), "\" class=\"value\">",
                      FormatValue(v, frame.percent), "</text>");
    }
  }
  return out + "</svg>";
}

namespace {

// Where a line chart draws: point i of n across, a value up to `top`,
// below the panel's heading and legend.
struct LinePlot {
  static constexpr double kLeft = 70, kRight = 92, kBottom = 48;
  static constexpr double kPlotHeight = 190;
  double head = 26;  // heading and legend above the plot
  AxisScale scale;
  size_t n = 0;
  double width() const { return kWidth - kLeft - kRight; }
  double height() const { return kPlotHeight; }
  int total() const { return static_cast<int>(head + kPlotHeight + kBottom); }
  double X(size_t i) const {
    return kLeft + (n <= 1 ? width() / 2 : width() * i / (n - 1));
  }
  double Y(double v) const {
    return head + height() * (1 - std::clamp(v / scale.top, 0.0, 1.0));
  }
};

// The grid with its round value ticks, the x labels (at most about six),
// both axes' titles, and the reference lines with their names (moved
// apart where lines lie closer than a line of text).
std::string LineAxes(const LinePlot& plot, const ChartFrame& frame,
                     const std::vector<std::string>& x_labels,
                     const std::vector<ReferenceLine>& references) {
  std::string out;
  const double left = LinePlot::kLeft, right = left + plot.width();
  const double base = plot.head + plot.height();
  for (int t = 0; t * plot.scale.step <= plot.scale.top * (1 + 1e-9); ++t) {
    const double v = t * plot.scale.step;
    absl::StrAppend(&out, "<line x1=\"", left, "\" y1=\"", Px(plot.Y(v)),
                    "\" x2=\"", Px(right), "\" y2=\"", Px(plot.Y(v)),
                    "\" stroke=\"#ddd\"/><text x=\"", Px(left - 6), "\" y=\"",
                    Px(plot.Y(v) + 4),
                    "\" text-anchor=\"end\" class=\"axis tick\">",
                    TickText(v, plot.scale.step, frame.percent), "</text>");
  }
  const size_t every = std::max<size_t>(1, (plot.n + 5) / 6);
  for (size_t i = 0; i < plot.n; i += every) {
    absl::StrAppend(&out, "<text x=\"", Px(plot.X(i)), "\" y=\"", Px(base + 16),
                    "\" text-anchor=\"middle\" class=\"axis\">",
                    Escape(x_labels[i]), "</text>");
  }
  absl::StrAppend(&out,
                  AxisTitle(frame.x_axis, left + plot.width() / 2, base + 36),
                  ValueAxisTitle(frame, plot.head + plot.height() / 2));
  // Names top to bottom, each at least 12 px below the one above.
  std::vector<std::pair<double, const ReferenceLine*>> names;
  for (const ReferenceLine& r : references) {
    names.emplace_back(plot.Y(r.value), &r);
  }
  std::sort(names.begin(), names.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  double last = -1e9;
  for (const auto& [y, r] : names) {
    const double at = std::max(y + 4, last + 12);
    last = at;
    absl::StrAppend(&out, "<line class=\"reference\" x1=\"", left, "\" y1=\"",
                    Px(y), "\" x2=\"", Px(right), "\" y2=\"", Px(y),
                    "\" stroke=\"#555\" stroke-dasharray=\"4 3\"/><text x=\"",
                    Px(right + 4), "\" y=\"", Px(at), "\" class=\"axis\">",
                    Escape(r->name), " ", FormatValue(r->value, frame.percent),
                    "</text>");
  }
  return out;
}

// Series `s`: its band when it has one, its line, and a marker a point (the
// first series' flagged points marked as outside the limits).
std::string LineOf(const LinePlot& plot, const ChartFrame& frame,
                   const std::vector<std::string>& x_labels, const Series& line,
                   size_t s, const std::vector<bool>& flagged) {
  std::string out;
  const size_t n = plot.n;
  if (!line.low.empty() && line.low.size() == line.values.size()) {
    std::string band = "M";
    for (size_t i = 0; i < n && i < line.high.size(); ++i) {
      absl::StrAppend(&band, i ? " L" : "", Px(plot.X(i)), " ",
                      Px(plot.Y(line.high[i])));
    }
    for (size_t i = std::min(n, line.low.size()); i-- > 0;) {
      absl::StrAppend(&band, " L", Px(plot.X(i)), " ", Px(plot.Y(line.low[i])));
    }
    absl::StrAppend(&out, "<path class=\"band\" d=\"", band, " Z\" fill=\"",
                    Colour(s), "\" fill-opacity=\"0.18\" stroke=\"none\"/>");
  }
  std::string path;
  for (size_t i = 0; i < n && i < line.values.size(); ++i) {
    if (std::isnan(line.values[i])) continue;
    absl::StrAppend(&path, path.empty() ? "M" : " L", Px(plot.X(i)), " ",
                    Px(plot.Y(line.values[i])));
  }
  absl::StrAppend(
      &out, "<path d=\"", path, "\" fill=\"none\" stroke=\"", Colour(s),
      "\" stroke-width=\"1.6\"",
      *Dash(s) ? absl::StrCat(" stroke-dasharray=\"", Dash(s), "\"") : "",
      "/>");
  for (size_t i = 0; i < n && i < line.values.size(); ++i) {
    if (std::isnan(line.values[i])) continue;
    const bool flag = s == 0 && i < flagged.size() && flagged[i];
    absl::StrAppend(
        &out, Marker(s, plot.X(i), plot.Y(line.values[i]),
                     absl::StrCat(line.name.empty() ? "" : line.name + ", ",
                                  x_labels[i], ": ",
                                  FormatValue(line.values[i], frame.percent),
                                  flag ? " (outside the limits)" : ""),
                     flag));
  }
  return out;
}

}  // namespace

std::string LineChartSvg(const ChartFrame& frame,
                         const std::vector<std::string>& x_labels,
                         const std::vector<Series>& series,
                         const std::vector<ReferenceLine>& references,
                         const std::vector<bool>& flagged) {
  LinePlot plot;
  plot.n = x_labels.size();
  double max = frame.value_max;
  if (max <= 0) {
    max = MaxOf(series);
    for (const ReferenceLine& r : references) max = std::max(max, r.value);
  }
  plot.scale = NiceScale(max, frame.percent);
  std::string heading;
  const double panel = PanelHeading(frame, &heading);
  plot.head = panel + (series.size() > 1 ? 26 : 12);
  std::string out = SvgOpen(frame, plot.total(), plot.scale.top) + heading;
  absl::StrAppend(&out, Legend(series, panel + 14),
                  LineAxes(plot, frame, x_labels, references));
  for (size_t s = 0; s < series.size(); ++s) {
    absl::StrAppend(&out, LineOf(plot, frame, x_labels, series[s], s, flagged));
  }
  return out + "</svg>";
}

}  // namespace frontdoor::report
