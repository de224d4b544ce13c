//! A small Prometheus registry: counters, gauges and histograms keyed by name and labels,
//! rendered in the text exposition format at `/metrics`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Mutex, OnceLock};

/// Upper bounds of the histogram buckets, in seconds.
const BUCKETS: [f64; 14] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

type Key = (String, String);

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Families {
    counters: BTreeMap<Key, f64>,
    gauges: BTreeMap<Key, f64>,
    histograms: BTreeMap<Key, Histogram>,
}

#[derive(Default)]
pub struct Metrics {
    families: Mutex<Families>,
}

pub fn global() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(Metrics::default)
}

fn label_string(labels: &[(&str, &str)]) -> String {
    let parts: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")))
        .collect();
    parts.join(",")
}

impl Metrics {
    fn with<R>(&self, f: impl FnOnce(&mut Families) -> R) -> R {
        let mut families = self.families.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut families)
    }

    pub fn inc_counter(&self, name: &str, labels: &[(&str, &str)]) {
        self.with(|f| *f.counters.entry((name.to_string(), label_string(labels))).or_default() += 1.0);
    }

    pub fn set_gauge(&self, name: &str, labels: &[(&str, &str)], value: f64) {
        self.with(|f| f.gauges.insert((name.to_string(), label_string(labels)), value));
    }

    pub fn observe(&self, name: &str, labels: &[(&str, &str)], seconds: f64) {
        self.with(|f| {
            let histogram = f.histograms.entry((name.to_string(), label_string(labels))).or_default();
            for (bucket, bound) in histogram.counts.iter_mut().zip(BUCKETS) {
                if seconds <= bound {
                    *bucket += 1;
                }
            }
            histogram.count += 1;
            histogram.sum += seconds;
        });
    }

    /// Renders every family in Prometheus text format.
    pub fn render(&self) -> String {
        self.with(|f| {
            let mut out = String::new();
            let mut last = String::new();
            let mut header = |out: &mut String, name: &str, kind: &str| {
                if last != name {
                    let _ = writeln!(out, "# TYPE {name} {kind}");
                    last = name.to_string();
                }
            };
            for ((name, labels), value) in &f.counters {
                header(&mut out, name, "counter");
                let _ = writeln!(out, "{name}{{{labels}}} {value}");
            }
            for ((name, labels), value) in &f.gauges {
                header(&mut out, name, "gauge");
                let _ = writeln!(out, "{name}{{{labels}}} {value}");
            }
            for ((name, labels), h) in &f.histograms {
                header(&mut out, name, "histogram");
                let sep = if labels.is_empty() { "" } else { "," };
                for (count, bound) in h.counts.iter().zip(BUCKETS) {
                    let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{bound}\"}} {count}");
                }
                let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}", h.count);
                let _ = writeln!(out, "{name}_sum{{{labels}}} {}", h.sum);
                let _ = writeln!(out, "{name}_count{{{labels}}} {}", h.count);
            }
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histograms() {
        let m = Metrics::default();
        m.inc_counter("req_total", &[("op", "a\"b")]);
        m.inc_counter("req_total", &[("op", "a\"b")]);
        m.observe("lat_seconds", &[("op", "x")], 0.003);
        let text = m.render();
        assert!(text.contains("req_total{op=\"a\\\"b\"} 2"), "{text}");
        assert!(text.contains("lat_seconds_bucket{op=\"x\",le=\"0.0025\"} 0"), "{text}");
        assert!(text.contains("lat_seconds_bucket{op=\"x\",le=\"0.005\"} 1"), "{text}");
        assert!(text.contains("lat_seconds_count{op=\"x\"} 1"), "{text}");
    }
}
