//! Horizontal bar charts as inline SVG, drawn at build time: no chart library, no script.
//! Each category gets its own row with its label above the bars, so long Japanese names need
//! no text measuring. Bars and text use `currentColor`, so they take the page's text colour
//! (which already meets AA contrast, in light and dark mode alike); a second series is drawn
//! as an outlined bar and every bar carries its number in words, so colour never carries
//! meaning alone.

use crate::messages::Locale;
use crate::xml;

const WIDTH: u32 = 640;
const LABEL_HEIGHT: u32 = 22;
const BAR_HEIGHT: u32 = 18;
const BAR_GAP: u32 = 4;
const ROW_GAP: u32 = 12;
/// Room right of the longest bar for its value text.
const VALUE_ROOM: u32 = 200;

pub struct Series {
    pub name: String,
    pub outlined: bool,
}

pub struct Group {
    pub label: String,
    /// One value per series.
    pub values: Vec<u64>,
}

pub struct BarChart<'a> {
    /// Unique within the page; used for the ids of title and desc.
    pub id: &'a str,
    pub title: &'a str,
    pub series: &'a [Series],
    pub groups: &'a [Group],
    /// How a value reads (`12件`, `950,000円`).
    pub format_value: &'a dyn Fn(u64) -> String,
    /// The language of the text alternative.
    pub locale: Locale<'a>,
}

impl BarChart<'_> {
    /// The chart's text alternative: every category with its values.
    pub fn description(&self) -> String {
        if self.groups.is_empty() {
            return self.locale.t("データはありません。").to_string();
        }
        let parts: Vec<String> = self
            .groups
            .iter()
            .map(|group| {
                let values: Vec<String> = self
                    .series
                    .iter()
                    .zip(&group.values)
                    .map(|(series, value)| {
                        if self.series.len() > 1 {
                            format!("{} {}", series.name, (self.format_value)(*value))
                        } else {
                            (self.format_value)(*value)
                        }
                    })
                    .collect();
                let values = values.join(self.locale.t("、"));
                self.locale.fill(
                    "{label}：{values}",
                    &[("label", &group.label), ("values", &values)],
                )
            })
            .collect();
        let parts = parts.join(self.locale.t("。"));
        self.locale.fill("{parts}。", &[("parts", &parts)])
    }

    pub fn to_svg(&self) -> String {
        let bars_per_group = self.series.len() as u32;
        let row_height = LABEL_HEIGHT + bars_per_group * (BAR_HEIGHT + BAR_GAP) + ROW_GAP;
        let height = (self.groups.len() as u32 * row_height).max(row_height);
        let max = self
            .groups
            .iter()
            .flat_map(|g| g.values.iter().copied())
            .max()
            .unwrap_or(0);
        let scale = |value: u64| -> f64 {
            if max == 0 {
                0.0
            } else {
                value as f64 / max as f64 * f64::from(WIDTH - VALUE_ROOM)
            }
        };
        let title_id = format!("{}-title", self.id);
        let desc_id = format!("{}-desc", self.id);
        let mut svg = format!(
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{title_id} {desc_id}\" fill=\"currentColor\" font-size=\"14\">"
        );
        svg.push_str(&format!(
            "<title id=\"{title_id}\">{}</title>",
            xml::escape(self.title)
        ));
        svg.push_str(&format!(
            "<desc id=\"{desc_id}\">{}</desc>",
            xml::escape(&self.description())
        ));
        for (row, group) in self.groups.iter().enumerate() {
            let top = row as u32 * row_height;
            svg.push_str(&format!(
                "<text class=\"chart-label\" x=\"0\" y=\"{}\">{}</text>",
                top + LABEL_HEIGHT - 6,
                xml::escape(&group.label)
            ));
            for (index, (series, value)) in self.series.iter().zip(&group.values).enumerate() {
                let y = top + LABEL_HEIGHT + index as u32 * (BAR_HEIGHT + BAR_GAP);
                let width = scale(*value);
                let class = if series.outlined {
                    "chart-bar chart-bar-outlined"
                } else {
                    "chart-bar"
                };
                if series.outlined {
                    // Inset by half the stroke so the outline stays inside the bar's box.
                    svg.push_str(&format!(
                        "<rect class=\"{class}\" x=\"1\" y=\"{}\" width=\"{:.1}\" height=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"/>",
                        y + 1,
                        (width - 2.0).max(0.0),
                        BAR_HEIGHT - 2
                    ));
                } else {
                    svg.push_str(&format!("<rect class=\"{class}\" x=\"0\" y=\"{y}\" width=\"{width:.1}\" height=\"{BAR_HEIGHT}\"/>"));
                }
                let value_text = if self.series.len() > 1 {
                    format!("{} {}", series.name, (self.format_value)(*value))
                } else {
                    (self.format_value)(*value)
                };
                svg.push_str(&format!(
                    "<text class=\"chart-value\" x=\"{:.1}\" y=\"{}\">{}</text>",
                    width + 6.0,
                    y + BAR_HEIGHT - 4,
                    xml::escape(&value_text)
                ));
            }
        }
        svg.push_str("</svg>");
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_labels_and_scales_to_the_largest_value() {
        let series = [Series {
            name: "件数".into(),
            outlined: false,
        }];
        let groups = [
            Group {
                label: "<script>&".into(),
                values: vec![4],
            },
            Group {
                label: "B".into(),
                values: vec![2],
            },
        ];
        let format = |n: u64| format!("{n}件");
        let messages = crate::messages::Messages::default();
        let chart = BarChart {
            locale: Locale {
                lang: kanmin_public::Lang::Ja,
                messages: &messages,
            },
            id: "c",
            title: "T\"",
            series: &series,
            groups: &groups,
            format_value: &format,
        };
        let svg = chart.to_svg();
        assert!(svg.contains("&lt;script&gt;&amp;"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains(&format!("width=\"{:.1}\"", f64::from(WIDTH - VALUE_ROOM))));
        assert!(svg.contains(&format!(
            "width=\"{:.1}\"",
            f64::from(WIDTH - VALUE_ROOM) / 2.0
        )));
        assert_eq!(chart.description(), "<script>&：4件。B：2件。");
    }
}
