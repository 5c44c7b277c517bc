//! The table's columns and how a row is written.
//!
//! Columns: `config_id`, the swept parameters (named by their dotted path), the run summary
//! flattened (`levels.L4_L5.compression_peak_bw` → `L4_L5_compression_peak_bw`,
//! `hip_contact_peak_bw.left` → `hip_contact_peak_bw_left`; the `warnings` list as one text
//! column, its sentences joined by "; "), then `status` and `error`. The
//! summary columns come from the summary's own serialisation, so a field added to the engine's
//! `Summary` appears in the table with no change here.

use crate::error::{Result, invalid};
use crate::spec::{AxisKind, Sweep};
use lumbus_core::Summary;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize as DeriveDeserialize, Serialize};
use serde_json::Value;

/// A column's type, for Parquet and for reading the CSV back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, DeriveDeserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Float,
    Int,
    Str,
    Bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, DeriveDeserialize)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
}

/// A summary column: its name, type and JSON pointer into the serialised summary.
#[derive(Clone, Debug)]
struct SummaryColumn {
    column: Column,
    pointer: String,
}

/// The columns of one sweep's table and the row formatter.
#[derive(Clone, Debug)]
pub(crate) struct Schema {
    pub params: Vec<Column>,
    summary: Vec<SummaryColumn>,
}

pub(crate) const ID: &str = "config_id";
pub(crate) const STATUS: &str = "status";
pub(crate) const ERROR: &str = "error";
pub(crate) const OK: &str = "ok";
pub(crate) const FAILED: &str = "failed";

impl Schema {
    /// Parameter columns from the sweep's axes; summary columns from `reference`, a summary of a
    /// walking run (which has every optional part, e.g. the impulse per metre).
    pub fn new(sweep: &Sweep, reference: &Summary) -> Result<Schema> {
        let params = sweep
            .axes
            .iter()
            .map(|a| {
                let kind = match a.kind {
                    AxisKind::Random { .. } => Kind::Float,
                    _ => kind_of_values(&a.values),
                };
                Column { name: a.param.clone(), kind }
            })
            .collect();
        let schema = Schema { params, summary: summary_columns(reference)? };
        let mut names: Vec<&str> = schema.columns_iter().map(|c| c.0).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(invalid(format!("two table columns are both named `{}`", w[0])));
        }
        Ok(schema)
    }

    fn columns_iter(&self) -> impl Iterator<Item = (&str, Kind)> {
        std::iter::once((ID, Kind::Int))
            .chain(self.params.iter().map(|c| (c.name.as_str(), c.kind)))
            .chain(self.summary.iter().map(|c| (c.column.name.as_str(), c.column.kind)))
            .chain([(STATUS, Kind::Str), (ERROR, Kind::Str)])
    }

    /// Every column of the table, in order.
    pub fn columns(&self) -> Vec<Column> {
        self.columns_iter().map(|(n, k)| Column { name: n.to_string(), kind: k }).collect()
    }

    /// The CSV header line (with its newline).
    pub fn header(&self) -> String {
        let names: Vec<String> = self.columns_iter().map(|c| c.0.to_string()).collect();
        csv_line(&names)
    }

    /// One row as a CSV line ending in `\n`, on a single line whatever the text in it. A summary
    /// that cannot be written in the table's types makes the row a failure, with the reason.
    pub fn row(
        &self,
        id: u64,
        params: &[Value],
        outcome: std::result::Result<&Summary, &str>,
    ) -> (String, bool) {
        let mut f: Vec<String> = Vec::with_capacity(self.summary.len() + self.params.len() + 3);
        f.push(id.to_string());
        for (c, v) in self.params.iter().zip(params) {
            f.push(format_value(Some(v), c.kind).unwrap_or_else(|_| compact(v)));
        }
        let summary = outcome.and_then(|s| {
            let v = serde_json::to_value(s).map_err(|_| "the summary cannot be serialised")?;
            Ok(v)
        });
        let cells: std::result::Result<Vec<String>, String> = match &summary {
            Ok(v) => self
                .summary
                .iter()
                .map(|c| {
                    format_value(v.pointer(&c.pointer), c.column.kind)
                        .map_err(|e| format!("summary field `{}`: {e}", c.column.name))
                })
                .collect(),
            Err(e) => Err(e.to_string()),
        };
        let ok = cells.is_ok();
        match cells {
            Ok(cells) => {
                f.extend(cells);
                f.push(OK.into());
                f.push(String::new());
            }
            Err(e) => {
                f.extend(std::iter::repeat_n(String::new(), self.summary.len()));
                f.push(FAILED.into());
                f.push(one_line(&e));
            }
        }
        (csv_line(&f), ok)
    }
}

/// Writes fields as one CSV record (quoted only where needed), ending in `\n`.
pub(crate) fn csv_line<S: AsRef<[u8]>>(fields: &[S]) -> String {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    w.write_record(fields).expect("writing to memory");
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("fields are UTF-8")
}

/// Newlines would split a record over lines, and the journal is read line by line.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

fn compact(v: &Value) -> String {
    one_line(&v.to_string())
}

/// Shortest round-trip text (`{}`) for floats, so the table reads back bit for bit; empty for
/// absent values.
fn format_value(v: Option<&Value>, kind: Kind) -> std::result::Result<String, String> {
    let v = match v {
        None | Some(Value::Null) => return Ok(String::new()),
        Some(v) => v,
    };
    match (kind, v) {
        (Kind::Float, Value::Number(n)) => Ok(format!("{}", n.as_f64().expect("a JSON number is an f64"))),
        (Kind::Int, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        (Kind::Bool, Value::Bool(b)) => Ok(b.to_string()),
        (Kind::Str, Value::String(s)) => Ok(one_line(s)),
        (Kind::Str, Value::Array(items)) => Ok(one_line(
            &items
                .iter()
                .map(|i| i.as_str().map_or_else(|| compact(i), str::to_string))
                .collect::<Vec<_>>()
                .join("; "),
        )),
        (Kind::Str, v) => Ok(compact(v)),
        (k, v) => Err(format!("expected {k:?}, got {v}")),
    }
}

fn kind_of_values(values: &[Value]) -> Kind {
    if values.iter().all(|v| v.is_boolean()) {
        Kind::Bool
    } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
        Kind::Int
    } else if values.iter().all(|v| v.is_number()) {
        Kind::Float
    } else {
        Kind::Str
    }
}

/// The flattened name of a summary field: its path joined by `_`, without the `levels` prefix
/// (the level names already say what they are).
fn flat_name(path: &[String]) -> String {
    let parts = if path.first().map(String::as_str) == Some("levels") { &path[1..] } else { path };
    parts.join("_")
}

fn summary_columns(reference: &Summary) -> Result<Vec<SummaryColumn>> {
    // Field order comes from the serialised text (struct order), which serde_json's `Value`
    // would lose (its maps are sorted); the values themselves are read through `Value`.
    let text = serde_json::to_string(reference).expect("a summary serialises");
    let tree: Ordered = serde_json::from_str(&text).map_err(|e| invalid(format!("summary: {e}")))?;
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(&tree, &mut path, &mut out);
    Ok(out)
}

fn walk(node: &Ordered, path: &mut Vec<String>, out: &mut Vec<SummaryColumn>) {
    let leaf = |kind| {
        let pointer: String =
            path.iter().map(|p| format!("/{}", p.replace('~', "~0").replace('/', "~1"))).collect();
        SummaryColumn { column: Column { name: flat_name(path), kind }, pointer }
    };
    match node {
        Ordered::Map(entries) => {
            for (k, v) in entries {
                path.push(k.clone());
                walk(v, path, out);
                path.pop();
            }
        }
        // A list (the run's warnings) is one text column, its items joined by "; ": its length
        // varies from row to row.
        Ordered::Seq => out.push(leaf(Kind::Str)),
        // An absent optional value has no type to go by: numbers are what a summary holds.
        Ordered::Null | Ordered::Float => out.push(leaf(Kind::Float)),
        Ordered::Int => out.push(leaf(Kind::Int)),
        Ordered::Bool => out.push(leaf(Kind::Bool)),
        Ordered::Str => out.push(leaf(Kind::Str)),
    }
}

/// A JSON tree keeping its keys in document order; leaves keep only their type.
enum Ordered {
    Null,
    Bool,
    Int,
    Float,
    Str,
    /// A list: one text column whatever it holds.
    Seq,
    Map(Vec<(String, Ordered)>),
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(OrderedVisitor)
    }
}

struct OrderedVisitor;

impl<'de> Visitor<'de> for OrderedVisitor {
    type Value = Ordered;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<Ordered, E> {
        Ok(Ordered::Bool)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<Ordered, E> {
        Ok(Ordered::Int)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<Ordered, E> {
        Ok(Ordered::Int)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<Ordered, E> {
        Ok(Ordered::Float)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<Ordered, E> {
        Ok(Ordered::Str)
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<Ordered, E> {
        Ok(Ordered::Null)
    }
    fn visit_none<E: de::Error>(self) -> std::result::Result<Ordered, E> {
        Ok(Ordered::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Ordered, D::Error> {
        Ordered::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Ordered, A::Error> {
        while seq.next_element::<Ordered>()?.is_some() {}
        Ok(Ordered::Seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Ordered, A::Error> {
        let mut v = Vec::new();
        while let Some((k, x)) = map.next_entry::<String, Ordered>()? {
            v.push((k, x));
        }
        Ok(Ordered::Map(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> Summary {
        lumbus_core::run(&lumbus_core::Scene::default()).unwrap().summary
    }

    #[test]
    fn summary_flattens_to_named_columns_in_struct_order() {
        let cols = summary_columns(&reference()).unwrap();
        let names: Vec<&str> = cols.iter().map(|c| c.column.name.as_str()).collect();
        for want in [
            "L4_L5_compression_peak_bw",
            "hip_contact_peak_bw_left",
            "compression_impulse_per_m_L4_L5",
            "reserves_max_nm",
            "subject_mass_kg",
        ] {
            assert!(names.contains(&want), "{want} not in {names:?}");
        }
        assert_eq!(names[0], "scene");
        let pos = |n| names.iter().position(|x| *x == n).unwrap();
        assert!(pos("L1_L2_compression_peak_n") < pos("L5_S1_compression_peak_n"));
        assert!(pos("L4_L5_compression_peak_n") < pos("L4_L5_compression_peak_bw"));
        let kind = |n| cols.iter().find(|c| c.column.name == n).unwrap().column.kind;
        assert_eq!(kind("reserves_joint"), Kind::Str);
        assert_eq!(kind("L4_L5_gapping_events_left"), Kind::Int);
        assert_eq!(kind("L4_L5_compression_peak_bw"), Kind::Float);
    }

    #[test]
    fn rows_round_trip_floats_and_stay_on_one_line() {
        let sweep = Sweep::parse(
            "[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.1]\n[[axis]]\nparam = \"gait.cadence_spm\"\nvalues = [100]\n",
            "s.toml",
            None,
            None,
        )
        .unwrap();
        let summary = reference();
        let schema = Schema::new(&sweep, &summary).unwrap();
        let cols = schema.columns();
        let (line, ok) = schema.row(7, &sweep.config(0), Ok(&summary));
        assert!(ok);
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
        let rec = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes()).records().next();
        let rec = rec.unwrap().unwrap();
        assert_eq!(rec.len(), cols.len());
        assert_eq!((&rec[0], &rec[1], &rec[2]), ("7", "1.1", "100"));
        let i = cols.iter().position(|c| c.name == "L4_L5_compression_peak_bw").unwrap();
        let back: f64 = rec[i].parse().unwrap();
        assert_eq!(back.to_bits(), summary.level("L4_L5").compression_peak_bw.to_bits());
        assert_eq!((&rec[cols.len() - 2], &rec[cols.len() - 1]), ("ok", ""));

        let (failed, ok) = schema.row(8, &sweep.config(0), Err("bad, \"very\"\nbad"));
        assert!(!ok);
        assert!(failed.matches('\n').count() == 1, "{failed}");
        let rec =
            csv::ReaderBuilder::new().has_headers(false).from_reader(failed.as_bytes()).records().next();
        let rec = rec.unwrap().unwrap();
        assert_eq!(rec.len(), cols.len());
        assert_eq!((&rec[cols.len() - 2], &rec[cols.len() - 1]), ("failed", "bad, \"very\" bad"));
        assert_eq!(&rec[i], "");
    }

    /// The warnings list is one column, empty for a plain walk, the sentences joined by "; ".
    #[test]
    fn warnings_are_one_text_column() {
        let sweep =
            Sweep::parse("[[axis]]\nparam = \"gait.stride_m\"\nvalues = [1.1]\n", "s.toml", None, None)
                .unwrap();
        let reference = reference();
        let schema = Schema::new(&sweep, &reference).unwrap();
        let cols = schema.columns();
        let w = cols.iter().position(|c| c.name == "warnings").expect("a warnings column");
        assert_eq!(cols[w].kind, Kind::Str);
        let cell = |summary: &Summary| {
            let (line, ok) = schema.row(0, &sweep.config(0), Ok(summary));
            assert!(ok);
            let rec =
                csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes()).records().next();
            rec.unwrap().unwrap()[w].to_string()
        };
        assert_eq!(cell(&reference), "");
        let mut warned = reference.clone();
        warned.warnings = vec!["first, with a comma".into(), "second".into()];
        assert_eq!(cell(&warned), "first, with a comma; second");
    }
}
