// Heat maps, histograms and scatter charts drawn as SVG text.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/report/svg_chart.h"
#include "clients/report/svg_parts.h"

namespace frontdoor::report {

std::string HeatMapSvg(const ChartFrame& frame,
                       const std::vector<std::string>& rows,
                       const std::vector<std::string>& columns,
                       const std::vector<std::vector<double>>& counts,
                       const std::string& row_axis,
                       const std::string& column_axis) {
  constexpr double kLeft = 170, kTop = 70, kCell = 58, kRow = 30;
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
    // Two lines at the middle space, so that headings fit their cells.
    const std::string& name = columns[c];
    size_t split = std::string::npos;
    for (size_t i = name.find(' '); i != std::string::npos;
         i = name.find(' ', i + 1)) {
      if (split == std::string::npos ||
          std::abs(2.0 * i - name.size()) <
              std::abs(2.0 * split - name.size())) {
        split = i;
      }
    }
    const double x = kLeft + kCell * (c + 0.5);
    absl::StrAppend(&out, "<text x=\"", Px(x), "\" y=\"", Px(kTop - 30),
                    "\" text-anchor=\"middle\" class=\"axis small\">");
    if (split == std::string::npos) {
      absl::StrAppend(&out, "<tspan x=\"", Px(x), "\" dy=\"12\">", Escape(name),
                      "</tspan>");
    } else {
      absl::StrAppend(&out, "<tspan x=\"", Px(x), "\">",
                      Escape(name.substr(0, split)), "</tspan><tspan x=\"",
                      Px(x), "\" dy=\"12\">", Escape(name.substr(split + 1)),
                      "</tspan>");
    }
    absl::StrAppend(&out, "</text>");
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

std::string HistogramSvg(const ChartFrame& frame,
                         const std::vector<std::string>& bins,
                         const std::vector<double>& values) {
  constexpr double kLeft = 70, kRight = 16, kBottom = 52, kPlot = 180;
  std::string heading;
  const double head = 12 + PanelHeading(frame, &heading);
  const int height = static_cast<int>(head + kPlot + kBottom);
  double max = 0;
  for (double v : values) {
    if (!std::isnan(v)) max = std::max(max, v);
  }
  const AxisScale scale = NiceScale(max, frame.percent);
  const double width = kChartWidth - kLeft - kRight;
  const double bar = bins.empty() ? width : width / bins.size();
  const double base = head + kPlot;
  std::string out = SvgOpen(frame, height, scale.top) + heading;
  for (int t = 0; t * scale.step <= scale.top * (1 + 1e-9); ++t) {
    const double v = t * scale.step;
    const double y = base - kPlot * v / scale.top;
    absl::StrAppend(&out, "<line x1=\"", kLeft, "\" y1=\"", Px(y), "\" x2=\"",
                    Px(kLeft + width), "\" y2=\"", Px(y),
                    "\" stroke=\"#ddd\"/><text x=\"", Px(kLeft - 6), "\" y=\"",
                    Px(y + 4), "\" text-anchor=\"end\" class=\"axis tick\">",
                    TickText(v, scale.step, frame.percent), "</text>");
  }
  // Every fourth bin's lower edge along the bottom ("24" of "24-30"), so
  // that the names do not collide.
  for (size_t i = 0; i < bins.size(); ++i) {
    const double v =
        i < values.size() && !std::isnan(values[i]) ? values[i] : 0;
    const double h = kPlot * std::min(v, scale.top) / scale.top;
    absl::StrAppend(
        &out, "<rect class=\"mark\" x=\"", Px(kLeft + bar * i), "\" y=\"",
        Px(base - std::max(h, 1.0)), "\" width=\"", Px(bar), "\" height=\"",
        Px(std::max(h, 1.0)), "\" fill=\"", Colour(0),
        "\" stroke=\"#fff\"><title>",
        Escape(absl::StrCat(bins[i], ": ", FormatValue(v, frame.percent))),
        "</title></rect>");
    if (i % 4 == 0) {
      absl::StrAppend(&out, "<text x=\"", Px(kLeft + bar * i), "\" y=\"",
                      Px(base + 15), "\" text-anchor=\"start\" class=\"axis\">",
                      Escape(bins[i].substr(0, bins[i].find('-'))), "</text>");
    }
  }
  absl::StrAppend(&out, AxisTitle(frame.x_axis, kLeft + width / 2, base + 36),
                  ValueAxisTitle(frame, head + kPlot / 2));
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
  const double w = kChartWidth - kLeft - kRight, h = kHeight - kTop - kBottom;
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

}  // namespace frontdoor::report
