// Tornado charts as SVG text.
#include "clients/report/tornado_chart.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/simulate/kpis.h"

namespace frontdoor::report {
namespace {

constexpr int kWidth = 560;
constexpr char kLowColour[] = "#0072B2";
constexpr char kHighColour[] = "#D55E00";

std::string Px(double v) { return absl::StrFormat("%.1f", v); }

// A share is drawn and written as a percentage, as `compare` writes it.
bool IsShare(const std::string& kpi) {
  return IsShareKpi(kpi) && kpi != "screening_kappa";
}

std::string Segment(double from, double to, double y, double height,
                    const std::string& fill, const std::string& stroke,
                    const std::string& tip) {
  // No effect still shows as a hairline, so that every end has a mark.
  const double x = std::min(from, to);
  const double w = std::max(std::abs(to - from), 1.0);
  return absl::StrCat("<rect class=\"mark\" x=\"", Px(x), "\" y=\"", Px(y),
                      "\" width=\"", Px(w), "\" height=\"", Px(height),
                      "\" fill=\"", fill, "\" stroke=\"", stroke, "\"><title>",
                      Escape(tip), "</title></rect>");
}

}  // namespace

std::string TornadoSvg(const ChartFrame& frame, const study::Tornado& tornado) {
  constexpr double kLeft = 280, kRight = 24, kTop = 30, kRow = 26, kBar = 16;
  const bool share = IsShare(tornado.kpi);
  const int height = static_cast<int>(kTop + kRow * tornado.bars.size() + 26);
  double lo = tornado.base, hi = tornado.base;
  for (const study::TornadoBar& bar : tornado.bars) {
    for (double v : {bar.at_low, bar.at_high}) {
      if (std::isnan(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  const double pad = std::max((hi - lo) * 0.08, std::abs(tornado.base) * 0.01);
  lo -= pad;
  hi += pad;
  if (hi <= lo) hi = lo + 1;
  const double span = kWidth - kLeft - kRight;
  const auto x = [&](double v) { return kLeft + span * (v - lo) / (hi - lo); };
  std::string out = SvgOpen(frame, height);
  // The legend says which end is which without colour: solid and hatched.
  absl::StrAppend(
      &out, "<rect x=\"8\" y=\"5\" width=\"14\" height=\"10\" fill=\"",
      kLowColour,
      "\"/><text x=\"26\" y=\"14\" class=\"legend\">input at its "
      "low end</text><rect x=\"150\" y=\"5\" width=\"14\" height=\"10\" "
      "fill=\"url(#",
      Escape(frame.id), "-p1)\" stroke=\"", kHighColour,
      "\"/><text x=\"168\" y=\"14\" class=\"legend\">at its high end</text>");
  for (size_t i = 0; i < tornado.bars.size(); ++i) {
    const study::TornadoBar& bar = tornado.bars[i];
    const double y = kTop + kRow * i;
    absl::StrAppend(&out, "<text x=\"", Px(kLeft - 6), "\" y=\"",
                    Px(y + kBar - 4), "\" text-anchor=\"end\" class=\"axis\">",
                    Escape(absl::StrCat(bar.input.field, " ", bar.input.low,
                                        " \u2192 ", bar.input.high)),
                    "</text>");
    const std::string base = FormatValue(tornado.base, share);
    absl::StrAppend(
        &out,
        Segment(
            x(tornado.base), x(bar.at_low), y, kBar, kLowColour, kLowColour,
            absl::StrCat(bar.input.field, "=", bar.input.low, ": ",
                         FormatValue(bar.at_low, share), " (base ", base, ")")),
        Segment(x(tornado.base), x(bar.at_high), y, kBar,
                absl::StrCat("url(#", Escape(frame.id), "-p1)"), kHighColour,
                absl::StrCat(bar.input.field, "=", bar.input.high, ": ",
                             FormatValue(bar.at_high, share), " (base ", base,
                             ")")));
  }
  const double bottom = kTop + kRow * tornado.bars.size();
  absl::StrAppend(&out, "<line x1=\"", Px(x(tornado.base)), "\" y1=\"",
                  Px(kTop - 6), "\" x2=\"", Px(x(tornado.base)), "\" y2=\"",
                  Px(bottom), "\" stroke=\"#000\"/><text x=\"",
                  Px(x(tornado.base)), "\" y=\"", Px(bottom + 14),
                  "\" text-anchor=\"middle\" class=\"axis\">base ",
                  FormatValue(tornado.base, share), "</text>");
  // The ends of the scale, where they do not crowd the base's label.
  if (x(tornado.base) - kLeft > 60) {
    absl::StrAppend(&out, "<text x=\"", Px(kLeft), "\" y=\"", Px(bottom + 14),
                    "\" class=\"axis\">", FormatValue(lo, share), "</text>");
  }
  if (kWidth - kRight - x(tornado.base) > 60) {
    absl::StrAppend(&out, "<text x=\"", Px(kWidth - kRight), "\" y=\"",
                    Px(bottom + 14), "\" text-anchor=\"end\" class=\"axis\">",
                    FormatValue(hi, share), "</text>");
  }
  return out + "</svg>";
}

std::string TornadoFigure(const std::string& id, const study::Tornado& tornado,
                          const std::string& label) {
  const bool share = IsShare(tornado.kpi);
  ChartFrame frame;
  frame.id = id;
  frame.percent = share;
  frame.title = absl::StrCat("What moves ", label);
  frame.description = absl::StrFormat(
      "%s at the base, %s, and with each input at the low and the high end "
      "of its range and every other input at the base (the mean over the "
      "replications, with the same seeds throughout); the input that moves "
      "it most is on top.",
      label, FormatValue(tornado.base, share));
  std::string table = absl::StrCat(
      "<details><summary>The numbers</summary><table><caption>",
      Escape(frame.title),
      "</caption><tr><th scope=\"col\">input</th><th scope=\"col\">low</th>"
      "<th scope=\"col\">high</th><th scope=\"col\">at low</th>"
      "<th scope=\"col\">at high</th></tr>");
  for (const study::TornadoBar& bar : tornado.bars) {
    absl::StrAppend(&table, "<tr><th scope=\"row\">", Escape(bar.input.field),
                    "</th><td>", Escape(bar.input.low), "</td><td>",
                    Escape(bar.input.high), "</td><td>",
                    FormatValue(bar.at_low, share), "</td><td>",
                    FormatValue(bar.at_high, share), "</td></tr>");
  }
  absl::StrAppend(&table, "</table></details>");
  return absl::StrCat("<figure><figcaption>", Escape(frame.description),
                      "</figcaption>", TornadoSvg(frame, tornado), table,
                      "</figure>");
}

}  // namespace frontdoor::report
