//! A recorded trial assembled for the engine: the subject's multibody from the `.osim`, the
//! coordinates from the motion file (filtered, splined), and the ground loads from the GRF
//! table, resampled onto the kinematics' times and attached to the bodies the ExternalLoads
//! file names.
//!
//! Processing mirrors OpenSim's inverse-dynamics tool so the two can be compared like for like:
//! the coordinates are low-pass filtered forward and backward with a third-order Butterworth
//! (OpenSim's `Storage::lowpassIIR`, third order applied in both directions), then splined
//! (OpenSim fits quintic GCV splines; we interpolate with cubic FMM splines, see
//! `lumbus_core::recorded::CubicSpline`), and the loads are interpolated linearly.

use std::path::{Path, PathBuf};

use lumbus_core::recorded::{BodyLoad, CoordinateSplines, Multibody, RecordedFrames, generalized_forces};
use nalgebra::Vector3;

use super::c3d::{ForcePlateOptions, read_c3d};
use super::c3d_loads::{ground_loads_from_c3d, is_c3d};
use super::coordinates::{CoordinateOptions, Kinematics, coordinate_kind};
use super::error::{RecordedError, Result};
use super::external_loads::{ExternalLoads, GroundLoads};
use super::filter::{ButterworthLowpass, uniform_rate};
use super::osim::OsimModel;
use super::table::Table;

/// The order of one pass of OpenSim's coordinate filter (`Signal::LowpassIIR`).
pub const OPENSIM_FILTER_ORDER: usize = 3;

/// Where the trial's files are and how to treat them.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialFiles {
    pub motion: PathBuf,
    /// A GRF table (`.mot`/`.sto`) or a C3D file (plates assigned to the feet by markers).
    pub grf: PathBuf,
    /// ExternalLoads `.xml` for a GRF table; `None` uses the documented default foot mapping.
    pub grf_map: Option<PathBuf>,
    pub model: PathBuf,
    /// Low-pass cut-off for the coordinates, Hz; `None` leaves them unfiltered.
    pub filter_hz: Option<f64>,
    /// Report only frames in this range (the whole motion file is still filtered and splined,
    /// as OpenSim does).
    pub time_range: Option<(f64, f64)>,
}

/// A trial ready to run: one row per reported frame.
#[derive(Debug, Clone)]
pub struct RecordedTrial {
    pub model: OsimModel,
    pub multibody: Multibody,
    /// Filtered coordinates in the multibody's coordinate order, on the motion's times.
    pub kinematics: Kinematics,
    pub splines: CoordinateSplines,
    /// Reported frame times (motion times within the time range).
    pub times: Vec<f64>,
    /// Per reported frame, the loads on the bodies.
    pub loads: Vec<Vec<BodyLoad>>,
    /// Ground loads on the reported frames (for reporting, e.g. the foot forces).
    pub ground: GroundLoads,
}

impl RecordedTrial {
    /// The trial's frames as the engine takes them (`lumbus_core::recorded::run_recorded`).
    pub fn frames(&self) -> RecordedFrames<'_> {
        RecordedFrames {
            multibody: &self.multibody,
            splines: &self.splines,
            times: &self.times,
            loads: &self.loads,
        }
    }

    pub fn read(files: &TrialFiles) -> Result<RecordedTrial> {
        let model = OsimModel::read(&files.model)?;
        let multibody = model.to_multibody()?;
        let names: Vec<&str> = multibody.coordinates.iter().map(|c| c.name.as_str()).collect();
        if let Some(c) = names.iter().find(|c| coordinate_kind(c).is_none()) {
            return Err(RecordedError::Unsupported {
                path: files.model.clone(),
                element: format!("coordinate `{c}`"),
                detail: "not a coordinate the motion reader can map".into(),
            });
        }
        let raw = Kinematics::read(&files.motion, &CoordinateOptions::requiring(&names))?;
        let mut kinematics = reorder(&raw, &names);
        if let Some(hz) = files.filter_hz {
            let rate = uniform_rate(&files.motion, &kinematics.time, "filtering")?;
            let f = ButterworthLowpass::new(OPENSIM_FILTER_ORDER, hz, rate)?;
            kinematics.values = kinematics.values.iter().map(|v| f.filtfilt(v)).collect();
        }
        let splines = CoordinateSplines::new(&kinematics.time, &kinematics.values);
        let times: Vec<f64> = match files.time_range {
            None => kinematics.time.clone(),
            Some((t0, t1)) => {
                kinematics.time.iter().copied().filter(|&t| t >= t0 - 1e-9 && t <= t1 + 1e-9).collect()
            }
        };
        if times.is_empty() {
            return Err(RecordedError::OutOfRange {
                source_path: files.motion.clone(),
                source_range: (kinematics.time[0], *kinematics.time.last().unwrap_or(&f64::NAN)),
                target: "the requested time range".into(),
                target_range: files.time_range.unwrap_or((f64::NAN, f64::NAN)),
            });
        }
        let ground = if is_c3d(&files.grf) {
            if let Some(xml) = &files.grf_map {
                return Err(RecordedError::Unsupported {
                    path: xml.clone(),
                    element: "ExternalLoads".into(),
                    detail: "a C3D file's plates are assigned to the feet from its markers; \
                             an ExternalLoads mapping does not apply"
                        .into(),
                });
            }
            ground_loads_from_c3d(&read_c3d(&files.grf, &ForcePlateOptions::default())?)?
        } else {
            let table = Table::read(&files.grf)?;
            match &files.grf_map {
                Some(xml) => GroundLoads::from_xml(&table, &ExternalLoads::read(xml)?)?,
                None => GroundLoads::from_default_mapping(&table)?,
            }
        };
        let target = format!("the motion file {}", files.motion.display());
        let ground = ground.resampled(&times, &target)?;
        let loads = body_loads(&ground, &multibody, files.grf_map.as_deref().unwrap_or(&files.grf))?;
        Ok(RecordedTrial { model, multibody, kinematics, splines, times, loads, ground })
    }

    /// Generalised forces per reported frame, in the multibody's coordinate order.
    pub fn inverse_dynamics(&self) -> Vec<Vec<f64>> {
        self.times
            .iter()
            .zip(&self.loads)
            .map(|(&t, loads)| generalized_forces(&self.multibody, &self.splines.at(t), loads))
            .collect()
    }
}

/// The kinematics with coordinates in `order`.
fn reorder(k: &Kinematics, order: &[&str]) -> Kinematics {
    let idx: Vec<usize> = order.iter().map(|n| k.coordinates.iter().position(|c| c == n).unwrap()).collect();
    Kinematics {
        coordinates: idx.iter().map(|&i| k.coordinates[i].clone()).collect(),
        values: idx.iter().map(|&i| k.values[i].clone()).collect(),
        source_columns: idx.iter().map(|&i| k.source_columns[i].clone()).collect(),
        ..k.clone()
    }
}

/// Per frame, the loads as body loads. Forces and points must be expressed in ground (every
/// shared ExternalLoads file does so); anything else is refused rather than transformed
/// with guessed kinematics.
fn body_loads(ground: &GroundLoads, mb: &Multibody, source: &Path) -> Result<Vec<Vec<BodyLoad>>> {
    let mut per_load = Vec::new();
    for l in &ground.loads {
        let element = format!("ExternalForce `{}`", l.name);
        if l.force_expressed_in_body != "ground" || l.point_expressed_in_body != "ground" {
            return Err(RecordedError::Unsupported {
                path: source.to_path_buf(),
                element,
                detail: "only forces and points expressed in `ground` are supported".into(),
            });
        }
        if l.point.is_none() {
            return Err(RecordedError::Unsupported {
                path: source.to_path_buf(),
                element,
                detail: "no point identifier (a load at the body origin) is not supported".into(),
            });
        }
        let body = mb.body(&l.applied_to_body).ok_or_else(|| RecordedError::Unsupported {
            path: source.to_path_buf(),
            element,
            detail: format!("applied to `{}`, which is not a body of the model", l.applied_to_body),
        })?;
        per_load.push((body, l));
    }
    let v = |a: [f64; 3]| Vector3::from(a);
    Ok((0..ground.time.len())
        .map(|k| {
            per_load
                .iter()
                .map(|(body, l)| BodyLoad {
                    body: *body,
                    force: v(l.force[k]),
                    point: l.point.as_ref().map_or(Vector3::zeros(), |p| v(p[k])),
                    torque: l.torque.as_ref().map_or(Vector3::zeros(), |t| v(t[k])),
                })
                .collect()
        })
        .collect())
}
