// Bars, lines and heat maps drawn as SVG text.
#include "clients/report/svg_chart.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/domain/escape.h"

namespace frontdoor::report {
namespace {

// Okabe and Ito's colours, told apart by most colour-blind readers; dashes
// and shapes tell them apart in grey.
constexpr const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7"};
constexpr const char* kDashes[] = {"", "7 3", "2 3", "9 3 2 3"};
constexpr int kWidth = 560;

const char* Colour(size_t i) { return kColours[i % 4]; }
const char* Dash(size_t i) { return kDashes[i % 4]; }

}  // namespace

double NiceTop(double v) {
  if (v <= 0) return 1;
  const double power = std::pow(10, std::floor(std::log10(v)));
  for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (step * power >= v * 0.9999) return step * power;
  }
  return 10 * power;
}

namespace {

std::string Px(double v) { return absl::StrFormat("%.1f", v); }

// A point's marker: circle, square, diamond or triangle by series.
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

}  // namespace

std::string SvgOpen(const ChartFrame& frame, int height) {
  return absl::StrCat(
      "<svg id=\"", Escape(frame.id), "\" class=\"chart\" role=\"img\" ",
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
  if (std::isnan(value)) return "-";
  if (percent) return absl::StrFormat("%.1f%%", 100 * value);
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    const std::string digits =
        absl::StrCat(static_cast<int64_t>(std::fabs(value)));
    std::string out = value < 0 ? "-" : "";
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
      out.push_back(digits[i]);
    }
    return out;
  }
  if (std::fabs(value) >= 100) return absl::StrFormat("%.0f", value);
  if (std::fabs(value) >= 10) return absl::StrFormat("%.1f", value);
  return absl::StrFormat("%.2f", value);
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

std::string BarChartSvg(const ChartFrame& frame,
                        const std::vector<std::string>& categories,
                        const std::vector<Series>& series) {
  constexpr double kLeft = 200, kRight = 80, kBar = 14, kGap = 10;
  const double legend = series.size() > 1 ? 22 : 4;
  const double group = kBar * series.size() + kGap;
  const int height = static_cast<int>(legend + group * categories.size() + 8);
  const double top =
      frame.value_max > 0 ? frame.value_max : NiceTop(MaxOf(series));
  const double span = kWidth - kLeft - kRight;
  std::string out = SvgOpen(frame, height);
  absl::StrAppend(&out, Legend(series, 14));
  absl::StrAppend(&out, "<line x1=\"", kLeft, "\" y1=\"", Px(legend),
                  "\" x2=\"", kLeft, "\" y2=\"", Px(height - 6),
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

std::string ScatterSvg(const ChartFrame& frame, const std::string& x_name,
                       const std::string& y_name,
                       const std::vector<ScatterPoint>& points) {
  constexpr double kLeft = 56, kRight = 16, kTop = 12, kBottom = 40;
  constexpr int kHeight = 420;
  double max = 0;
  for (const ScatterPoint& p : points) {
    max = std::max({max, p.x, p.y, std::isnan(p.y_high) ? 0.0 : p.y_high});
  }
  const double top = frame.value_max > 0 ? frame.value_max : NiceTop(max);
  const double w = kWidth - kLeft - kRight, h = kHeight - kTop - kBottom;
  const auto px = [&](double v) { return kLeft + w * std::min(v, top) / top; };
  const auto py = [&](double v) {
    return kTop + h - h * std::min(v, top) / top;
  };
  std::string out = SvgOpen(frame, kHeight);
  absl::StrAppend(&out, "<path d=\"M", Px(kLeft), " ", Px(kTop), " V",
                  Px(kTop + h), " H", Px(kLeft + w),
                  "\" stroke=\"#555\" fill=\"none\"/>");
  absl::StrAppend(&out, "<path d=\"M", Px(px(0)), " ", Px(py(0)), " L",
                  Px(px(top)), " ", Px(py(top)),
                  "\" stroke=\"#888\" stroke-dasharray=\"5 4\"/>");
  for (int i = 0; i <= 4; ++i) {
    const double v = top * i / 4;
    absl::StrAppend(&out, "<text x=\"", Px(px(v)), "\" y=\"", Px(kTop + h + 14),
                    "\" text-anchor=\"middle\">", FormatValue(v, frame.percent),
                    "</text>", "<text x=\"", Px(kLeft - 4), "\" y=\"",
                    Px(py(v) + 4), "\" text-anchor=\"end\">",
                    FormatValue(v, frame.percent), "</text>");
  }
  absl::StrAppend(&out, "<text x=\"", Px(kLeft + w / 2), "\" y=\"",
                  Px(kHeight - 6),
                  "\" text-anchor=\"middle\" class=\"legend\">", Escape(x_name),
                  "</text><text x=\"12\" y=\"", Px(kTop + h / 2),
                  "\" text-anchor=\"middle\" class=\"legend\" "
                  "transform=\"rotate(-90 12 ",
                  Px(kTop + h / 2), ")\">", Escape(y_name), "</text>");
  for (const ScatterPoint& p : points) {
    if (!std::isnan(p.y_low) && !std::isnan(p.y_high)) {
      absl::StrAppend(&out, "<path class=\"interval\" d=\"M", Px(px(p.x)), " ",
                      Px(py(p.y_low)), " V", Px(py(p.y_high)),
                      "\" stroke=\"#999\" fill=\"none\"/>");
    }
    absl::StrAppend(
        &out, Marker(0, px(p.x), py(p.y),
                     absl::StrCat(p.label, ": ", x_name, " ",
                                  FormatValue(p.x, frame.percent), ", ", y_name,
                                  " ", FormatValue(p.y, frame.percent)),
                     false));
  }
  return out + "</svg>";
}

namespace {

// Where a line chart draws: point i of n across, a value up to `top`.
struct LinePlot {
  static constexpr double kLeft = 58, kRight = 92, kTop = 26, kBottom = 34;
  static constexpr int kHeight = 250;
  double top = 1;
  size_t n = 0;
  double width() const { return kWidth - kLeft - kRight; }
  double height() const { return kHeight - kTop - kBottom; }
  double X(size_t i) const {
    return kLeft + (n <= 1 ? width() / 2 : width() * i / (n - 1));
  }
  double Y(double v) const {
    return kTop + height() * (1 - std::clamp(v / top, 0.0, 1.0));
  }
};

// The grid with its value ticks, the x labels (at most about six) and the
// reference lines with their names.
std::string LineAxes(const LinePlot& plot, const ChartFrame& frame,
                     const std::vector<std::string>& x_labels,
                     const std::vector<ReferenceLine>& references) {
  std::string out;
  const double left = LinePlot::kLeft, right = left + plot.width();
  for (int t = 0; t <= 4; ++t) {
    const double v = plot.top * t / 4;
    absl::StrAppend(&out, "<line x1=\"", left, "\" y1=\"", Px(plot.Y(v)),
                    "\" x2=\"", Px(right), "\" y2=\"", Px(plot.Y(v)),
                    "\" stroke=\"#ddd\"/><text x=\"", Px(left - 6), "\" y=\"",
                    Px(plot.Y(v) + 4), "\" text-anchor=\"end\" class=\"axis\">",
                    FormatValue(v, frame.percent), "</text>");
  }
  const size_t every = std::max<size_t>(1, (plot.n + 5) / 6);
  for (size_t i = 0; i < plot.n; i += every) {
    absl::StrAppend(&out, "<text x=\"", Px(plot.X(i)), "\" y=\"",
                    Px(LinePlot::kHeight - LinePlot::kBottom + 16),
                    "\" text-anchor=\"middle\" class=\"axis\">",
                    Escape(x_labels[i]), "</text>");
  }
  for (const ReferenceLine& r : references) {
    absl::StrAppend(&out, "<line class=\"reference\" x1=\"", left, "\" y1=\"",
                    Px(plot.Y(r.value)), "\" x2=\"", Px(right), "\" y2=\"",
                    Px(plot.Y(r.value)),
                    "\" stroke=\"#555\" stroke-dasharray=\"4 3\"/><text x=\"",
                    Px(right + 4), "\" y=\"", Px(plot.Y(r.value) + 4),
                    "\" class=\"axis\">", Escape(r.name), " ",
                    FormatValue(r.value, frame.percent), "</text>");
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
  plot.top = frame.value_max;
  if (plot.top <= 0) {
    plot.top = MaxOf(series);
    for (const ReferenceLine& r : references) {
      plot.top = std::max(plot.top, r.value);
    }
    plot.top = NiceTop(plot.top);
  }
  std::string out = SvgOpen(frame, LinePlot::kHeight);
  absl::StrAppend(&out, Legend(series, 14),
                  LineAxes(plot, frame, x_labels, references));
  for (size_t s = 0; s < series.size(); ++s) {
    absl::StrAppend(&out, LineOf(plot, frame, x_labels, series[s], s, flagged));
  }
  return out + "</svg>";
}

std::string HeatMapSvg(const ChartFrame& frame,
                       const std::vector<std::string>& rows,
                       const std::vector<std::string>& columns,
                       const std::vector<std::vector<double>>& counts,
                       const std::string& row_axis,
                       const std::string& column_axis) {
  constexpr double kLeft = 170, kTop = 64, kCell = 54, kRow = 30;
  const int height = static_cast<int>(kTop + kRow * rows.size() + 10);
  double top = 0;
  for (const auto& row : counts) {
    for (double v : row) top = std::max(top, v);
  }
  std::string out = SvgOpen(frame, height);
  absl::StrAppend(&out, "<text x=\"", Px(kLeft), "\" y=\"14\" class=\"axis\">",
                  Escape(column_axis), " \u2192</text><text x=\"4\" y=\"",
                  Px(kTop - 6), "\" class=\"axis\">", Escape(row_axis),
                  " \u2193</text>");
  for (size_t c = 0; c < columns.size(); ++c) {
    absl::StrAppend(&out, "<text x=\"", Px(kLeft + kCell * (c + 0.5)),
                    "\" y=\"", Px(kTop - 24),
                    "\" text-anchor=\"middle\" "
                    "class=\"axis small\">",
                    Escape(columns[c]), "</text>");
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    const double y = kTop + kRow * r;
    absl::StrAppend(&out, "<text x=\"", Px(kLeft - 6), "\" y=\"",
                    Px(y + kRow / 2 + 4),
                    "\" text-anchor=\"end\" "
                    "class=\"axis\">",
                    Escape(rows[r]), "</text>");
    for (size_t c = 0; c < columns.size(); ++c) {
      const double v =
          r < counts.size() && c < counts[r].size() ? counts[r][c] : 0;
      // Darkness grows with the square root, so small changed cells show.
      const double shade = top > 0 ? std::sqrt(v / top) : 0;
      const int level = static_cast<int>(255 - 200 * shade);
      absl::StrAppend(
          &out, "<rect class=\"mark\" x=\"", Px(kLeft + kCell * c + 1),
          "\" y=\"", Px(y + 1), "\" width=\"", Px(kCell - 2), "\" height=\"",
          Px(kRow - 2), "\" fill=\"rgb(", level, ",", level, ",255)\"",
          r == c ? " stroke=\"#000\" stroke-width=\"1.5\"" : "", "><title>",
          Escape(absl::StrCat(rows[r], " \u2192 ", columns[c], ": ",
                              FormatValue(v, false))),
          "</title></rect><text x=\"", Px(kLeft + kCell * (c + 0.5)), "\" y=\"",
          Px(y + kRow / 2 + 4), "\" text-anchor=\"middle\" fill=\"",
          shade > 0.6 ? "#fff" : "#000", "\" class=\"value\">",
          FormatValue(v, false), "</text>");
    }
  }
  return out + "</svg>";
}

}  // namespace frontdoor::report
