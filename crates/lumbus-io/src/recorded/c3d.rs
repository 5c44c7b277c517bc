//! Force plates and markers from C3D files.
//!
//! `c3dio` parses the file (parameters, analog channels, plate geometry, markers); its
//! force helpers are not used because they read one analog sample per marker frame, stay in
//! plate axes, get the sign of the centre of pressure's x wrong, and subtract no baseline.
//! Instead, for every plate and every analog sample (the full analog rate):
//!
//! 1. the six channels (Fx Fy Fz Mx My Mz, plate axes, moments about the transducer origin)
//!    are scaled to N and N·m from `ANALOG:UNITS`, and the unloaded baseline is subtracted;
//! 2. the moment is moved to the centre of the working surface, `M_c = M_o + origin × F`,
//!    where `FORCE_PLATFORM:ORIGIN` is the vector from the surface centre to the transducer
//!    origin in plate axes (AMTI convention: z > 0 for a z-down plate);
//! 3. the centre of pressure on the surface is `(−M_c,y / F_z, M_c,x / F_z, 0)`; written with
//!    the origin this is x = (dz·Fx − My)/Fz + ox, y = (Mx + dz·Fy)/Fz + oy with dz = −oz;
//! 4. the free moment about the surface normal through the centre of pressure is
//!    `T_z = M_c,z − (x·F_y − y·F_x)`;
//! 5. everything is rotated into lab axes with the plate axes taken from the corners (C3D
//!    numbers them from the plate's +x+y quadrant: x points from corner 2 to corner 1, y from
//!    corner 4 to corner 1, z = x × y, into the ground), and the centre of pressure is
//!    placed relative to the mean of the corners.
//!
//! The force returned is the one the channels give, rotated: the ground reaction on the
//! subject, upward during stance (the plates in the shared data read Fz < 0 in their z-down
//! axes while loaded). Lab axes are the file's (for `walking2.c3d`: x forward, y left,
//! z up), in metres: converting to the model's ISB axes is the caller's step.
//!
//! **Baseline.** Unloaded plates do not read zero (≈14 N and ≈20 N in `walking2.c3d`). With
//! [`ForcePlateOptions::baseline_below_n`] set (the default), the baseline of each channel is
//! its median over the samples whose raw |Fz| is below that force; the median ignores the
//! few samples of a foot arriving or leaving. At least 0.1 s of unloaded samples are
//! required, otherwise the plate is refused (a plate loaded throughout has no baseline to
//! find; pass `None` to use the raw channels).
//!
//! **Events.** Heel strike is where the normal force rises through the threshold (20 N by
//! default), toe-off where it falls back below the threshold minus the hysteresis; the
//! times are interpolated between samples. Contacts shorter than
//! [`ForcePlateOptions::min_contact_s`] are dropped as noise. A plate already loaded at the
//! start of the recording has no heel strike for that contact (and likewise at the end).
//!
//! **Refused** rather than misread: plate types other than 2 (six force/moment channels);
//! channel or point units other than N, N·mm or N·m, and mm, cm or m; a plate whose z axis
//! (from its corners) points up towards the markers; a plate whose normal force pulls more
//! than it pushes (an inverted Fz channel).

use std::path::{Path, PathBuf};

use c3dio::{C3d, ForcePlatformType};

use super::error::{RecordedError, Result};

/// Settings for force-plate processing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForcePlateOptions {
    /// Samples whose raw |Fz| is below this (N) estimate the unloaded baseline; `None`
    /// keeps the raw channels.
    pub baseline_below_n: Option<f64>,
    /// Normal force above which the plate is in contact (N).
    pub contact_threshold_n: f64,
    /// The contact ends below `contact_threshold_n − hysteresis_n` (N).
    pub hysteresis_n: f64,
    /// Shorter contacts are ignored (s).
    pub min_contact_s: f64,
}

impl Default for ForcePlateOptions {
    fn default() -> Self {
        ForcePlateOptions {
            baseline_below_n: Some(50.0),
            contact_threshold_n: 20.0,
            hysteresis_n: 5.0,
            min_contact_s: 0.05,
        }
    }
}

/// The unloaded offsets subtracted from a plate's channels (plate axes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlateBaseline {
    /// N
    pub force: [f64; 3],
    /// N·m, about the transducer origin
    pub moment: [f64; 3],
    /// Number of unloaded samples the estimate used (0 when no baseline was subtracted).
    pub samples: usize,
}

/// What happened at a plate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactEventKind {
    HeelStrike,
    ToeOff,
}

/// A contact event on a plate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContactEvent {
    pub kind: ContactEventKind,
    /// Interpolated time of the threshold crossing, s.
    pub time: f64,
    /// The first analog sample past the crossing.
    pub sample: usize,
}

/// One force plate, at the analog rate, in lab axes and SI units.
#[derive(Debug, Clone, PartialEq)]
pub struct ForcePlate {
    /// Index of the plate in the file (0-based).
    pub index: usize,
    /// Corners in lab axes, m, in the file's order.
    pub corners: [[f64; 3]; 4],
    /// Centre of the working surface (mean of the corners), m.
    pub centre: [f64; 3],
    /// The plate's x, y, z axes as unit vectors in lab axes.
    pub axes: [[f64; 3]; 3],
    pub baseline: PlateBaseline,
    /// Ground reaction force on the subject, N.
    pub force: Vec<[f64; 3]>,
    /// Moment about the surface centre, N·m.
    pub moment: Vec<[f64; 3]>,
    /// Force along the plate's upward normal (−z of the plate), N: what events are found on.
    pub normal_force: Vec<f64>,
    /// Centre of pressure, m; `None` while the normal force is below the contact threshold
    /// (it is undefined, not zero, when nothing presses on the plate).
    pub cop: Vec<Option<[f64; 3]>>,
    /// Free moment about the plate normal through the centre of pressure, as a lab vector,
    /// N·m; zero while the centre of pressure is undefined.
    pub free_moment: Vec<[f64; 3]>,
    pub events: Vec<ContactEvent>,
}

/// Marker trajectories in lab axes, m.
#[derive(Debug, Clone, PartialEq)]
pub struct Markers {
    /// Frames per second.
    pub rate: f64,
    /// Frame times, s.
    pub time: Vec<f64>,
    pub labels: Vec<String>,
    /// `positions[marker][frame]`; `None` where the marker was not seen (negative residual).
    pub positions: Vec<Vec<Option<[f64; 3]>>>,
}

impl Markers {
    /// A marker's trajectory by label.
    pub fn get(&self, label: &str) -> Option<&[Option<[f64; 3]>]> {
        self.labels.iter().position(|l| l == label).map(|i| self.positions[i].as_slice())
    }
}

/// The force plates and markers of a C3D file.
#[derive(Debug, Clone, PartialEq)]
pub struct C3dRecording {
    pub path: PathBuf,
    /// Analog samples per second.
    pub analog_rate: f64,
    /// Analog sample times, s (0 at the file's first frame).
    pub time: Vec<f64>,
    pub plates: Vec<ForcePlate>,
    pub markers: Markers,
}

/// Reads a C3D file's force plates and markers.
pub fn read_c3d(path: impl AsRef<Path>, options: &ForcePlateOptions) -> Result<C3dRecording> {
    let path = path.as_ref();
    // c3dio reads from a path string; reading the bytes ourselves keeps I/O errors uniform.
    let bytes =
        std::fs::read(path).map_err(|source| RecordedError::Io { path: path.to_path_buf(), source })?;
    let c3d = C3d::from_bytes(&bytes).map_err(|e| RecordedError::C3d {
        path: path.to_path_buf(),
        detail: format!("cannot parse: {e:?}"),
    })?;
    from_c3d(&c3d, path, options)
}

fn from_c3d(c3d: &C3d, path: &Path, options: &ForcePlateOptions) -> Result<C3dRecording> {
    let c3d_err = |detail: String| RecordedError::C3d { path: path.to_path_buf(), detail };
    let point_scale = length_scale(&c3d.points.units.iter().collect::<String>()).ok_or_else(|| {
        c3d_err(format!(
            "POINT:UNITS is `{}`, expected mm, cm or m",
            c3d.points.units.iter().collect::<String>().trim()
        ))
    })?;
    let point_rate = c3d.points.frame_rate as f64;
    let analog_rate = c3d.analog.rate as f64;
    // Frame numbers start at 1; time 0 is the first frame stored.
    let n_analog = c3d.analog.rows();
    let time: Vec<f64> = (0..n_analog).map(|i| i as f64 / analog_rate).collect();

    // Where the subject is: the mean of every marker seen, to check each plate's z axis
    // points away from it (into the ground).
    let (mut sum, mut seen) = ([0.0; 3], 0usize);
    for f in 0..c3d.points.rows() {
        for j in 0..c3d.points.cols() {
            let m = &c3d.points[f][j];
            if m.residual >= 0.0 {
                for (acc, &p) in sum.iter_mut().zip(&m.point) {
                    *acc += p as f64 * point_scale;
                }
                seen += 1;
            }
        }
    }
    let subject = (seen > 0).then(|| sum.map(|v| v / seen as f64));

    let mut plates = Vec::new();
    for (index, plate) in c3d.forces.iter().enumerate() {
        let plate_err =
            |detail: String| RecordedError::ForcePlate { path: path.to_path_buf(), plate: index, detail };
        if plate.plate_type != ForcePlatformType::Type2 {
            return Err(plate_err(format!(
                "type {:?} is not supported (only type 2: Fx Fy Fz Mx My Mz channels)",
                plate.plate_type
            )));
        }
        if analog_rate <= 0.0 || analog_rate.is_nan() || n_analog == 0 {
            return Err(plate_err("the file has no analog samples".into()));
        }
        // Six channels, scaled to N and N·m.
        let mut channels: Vec<Vec<f64>> = Vec::with_capacity(6);
        for (k, &ch) in plate.channels[..6].iter().enumerate() {
            let col = (ch as usize).checked_sub(1).filter(|&c| c < c3d.analog.cols()).ok_or_else(|| {
                plate_err(format!(
                    "channel {} of the plate is analog channel {ch}, but the file has {}",
                    k + 1,
                    c3d.analog.cols()
                ))
            })?;
            let unit = c3d.analog.units.get(col).map(|u| u.trim()).unwrap_or("");
            let scale = if k < 3 { force_scale(unit) } else { moment_scale(unit) }.ok_or_else(|| {
                plate_err(format!(
                    "analog channel {ch} ({}) has unit `{unit}`, expected {}",
                    c3d.analog.labels.get(col).map(String::as_str).unwrap_or("?"),
                    if k < 3 { "N" } else { "Nmm or Nm" }
                ))
            })?;
            channels.push(c3d.analog.iter_col(col).map(|v| v * scale).collect());
        }

        let baseline = match options.baseline_below_n {
            None => PlateBaseline { force: [0.0; 3], moment: [0.0; 3], samples: 0 },
            Some(limit) => {
                let unloaded: Vec<usize> = (0..n_analog).filter(|&i| channels[2][i].abs() < limit).collect();
                let needed = (0.1 * analog_rate).ceil() as usize;
                if unloaded.len() < needed {
                    return Err(plate_err(format!(
                        "cannot estimate the unloaded baseline: only {} samples have |Fz| < {limit} N \
                         (need {needed}, 0.1 s); raise `baseline_below_n` or pass None",
                        unloaded.len()
                    )));
                }
                let med = |k: usize| median(unloaded.iter().map(|&i| channels[k][i]).collect());
                PlateBaseline {
                    force: [med(0), med(1), med(2)],
                    moment: [med(3), med(4), med(5)],
                    samples: unloaded.len(),
                }
            }
        };

        let corners: [[f64; 3]; 4] =
            std::array::from_fn(|c| std::array::from_fn(|k| plate.corners[c][k] as f64 * point_scale));
        let origin: [f64; 3] = std::array::from_fn(|k| plate.origin[k] as f64 * point_scale);
        let axes = plate_axes(&corners)
            .ok_or_else(|| plate_err(format!("the corners {corners:?} do not span a plane")))?;
        let centre: [f64; 3] = std::array::from_fn(|k| corners.iter().map(|c| c[k]).sum::<f64>() / 4.0);
        if let Some(s) = subject {
            let above: f64 = (0..3).map(|k| (s[k] - centre[k]) * axes[2][k]).sum();
            if above > 0.0 {
                return Err(plate_err(format!(
                    "the plate's z axis (from the order of its corners {corners:?}) points up, \
                     towards the markers; C3D plates have z pointing into the ground"
                )));
            }
        }
        let to_lab = |v: [f64; 3]| -> [f64; 3] {
            std::array::from_fn(|k| axes[0][k] * v[0] + axes[1][k] * v[1] + axes[2][k] * v[2])
        };

        let mut force = Vec::with_capacity(n_analog);
        let mut moment = Vec::with_capacity(n_analog);
        let mut normal_force = Vec::with_capacity(n_analog);
        let mut cop = Vec::with_capacity(n_analog);
        let mut free_moment = Vec::with_capacity(n_analog);
        let base = [
            baseline.force[0],
            baseline.force[1],
            baseline.force[2],
            baseline.moment[0],
            baseline.moment[1],
            baseline.moment[2],
        ];
        let samples =
            (0..n_analog).map(|i| -> [f64; 6] { std::array::from_fn(|k| channels[k][i] - base[k]) });
        for s in samples {
            let (f, m_origin) = ([s[0], s[1], s[2]], [s[3], s[4], s[5]]);
            let oxf = cross(origin, f);
            let m = [m_origin[0] + oxf[0], m_origin[1] + oxf[1], m_origin[2] + oxf[2]];
            let normal = -f[2];
            force.push(to_lab(f));
            moment.push(to_lab(m));
            normal_force.push(normal);
            if normal > options.contact_threshold_n {
                let (x, y) = (-m[1] / f[2], m[0] / f[2]);
                let tz = m[2] - (x * f[1] - y * f[0]);
                let p = to_lab([x, y, 0.0]);
                cop.push(Some(std::array::from_fn(|k| centre[k] + p[k])));
                free_moment.push(to_lab([0.0, 0.0, tz]));
            } else {
                cop.push(None);
                free_moment.push([0.0; 3]);
            }
        }
        // A plate that mostly pulls has its axes (or channel signs) upside down: refuse it
        // rather than report a foot hanging from the floor.
        let push = normal_force.iter().copied().fold(0.0, f64::max);
        let pull = normal_force.iter().copied().fold(0.0, f64::min).abs();
        if pull > options.contact_threshold_n && pull > push {
            return Err(plate_err(format!(
                "the normal force reaches −{pull:.1} N but only +{push:.1} N: the plate's z axis \
                 (from its corners) and its Fz channel disagree on which way is down"
            )));
        }
        let events = detect_contacts(&time, &normal_force, options);
        plates.push(ForcePlate {
            index,
            corners,
            centre,
            axes,
            baseline,
            force,
            moment,
            normal_force,
            cop,
            free_moment,
            events,
        });
    }

    let n_frames = c3d.points.rows();
    let positions = (0..c3d.points.cols())
        .map(|j| {
            (0..n_frames)
                .map(|f| {
                    let m = &c3d.points[f][j];
                    // c3dio returns unseen markers as (0, 0, 0) with a negative residual.
                    (m.residual >= 0.0).then(|| std::array::from_fn(|k| m.point[k] as f64 * point_scale))
                })
                .collect()
        })
        .collect();
    let markers = Markers {
        rate: point_rate,
        time: (0..n_frames).map(|f| f as f64 / point_rate).collect(),
        labels: c3d.points.labels.iter().map(|l| l.trim().to_string()).collect(),
        positions,
    };

    Ok(C3dRecording { path: path.to_path_buf(), analog_rate, time, plates, markers })
}

/// Heel strikes and toe-offs from a normal-force series (see the module documentation).
pub fn detect_contacts(time: &[f64], normal: &[f64], options: &ForcePlateOptions) -> Vec<ContactEvent> {
    let on = options.contact_threshold_n;
    let off = on - options.hysteresis_n;
    let crossing = |i: usize, level: f64| -> f64 {
        // Linear interpolation between samples i−1 and i.
        let (a, b) = (normal[i - 1], normal[i]);
        let w = if b != a { (level - a) / (b - a) } else { 0.0 };
        time[i - 1] + w.clamp(0.0, 1.0) * (time[i] - time[i - 1])
    };
    // Contacts as (start, end) sample ranges; None where the recording starts or ends loaded.
    let mut contacts: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    let mut loaded = normal.first().is_some_and(|&n| n > on);
    if loaded {
        contacts.push((None, None));
    }
    for (i, &n) in normal.iter().enumerate().skip(1) {
        if !loaded && n > on {
            loaded = true;
            contacts.push((Some(i), None));
        } else if loaded && n < off {
            loaded = false;
            if let Some(c) = contacts.last_mut() {
                c.1 = Some(i);
            }
        }
    }
    let mut events = Vec::new();
    for (start, end) in contacts {
        let t0 = start.map_or(time[0], |i| crossing(i, on));
        let t1 = end.map_or(time[time.len() - 1], |i| crossing(i, off));
        // Only a contact seen whole can be judged too short.
        if start.is_some() && end.is_some() && t1 - t0 < options.min_contact_s {
            continue;
        }
        if let Some(i) = start {
            events.push(ContactEvent { kind: ContactEventKind::HeelStrike, time: t0, sample: i });
        }
        if let Some(i) = end {
            events.push(ContactEvent { kind: ContactEventKind::ToeOff, time: t1, sample: i });
        }
    }
    events
}

/// Plate axes in lab from the corners, as ezc3d builds them; `None` if degenerate.
fn plate_axes(c: &[[f64; 3]; 4]) -> Option<[[f64; 3]; 3]> {
    let sub = |a: [f64; 3], b: [f64; 3]| [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    let x = sub(c[0], c[1]);
    let y0 = sub(c[0], c[3]);
    let z = cross(x, y0);
    let y = cross(z, x);
    Some([unit(x)?, unit(y)?, unit(z)?])
}

fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

fn unit(v: [f64; 3]) -> Option<[f64; 3]> {
    let n = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    (n > 1e-12).then(|| [v[0] / n, v[1] / n, v[2] / n])
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { 0.5 * (v[n / 2 - 1] + v[n / 2]) }
}

/// Metres per unit of length.
fn length_scale(unit: &str) -> Option<f64> {
    match unit.trim() {
        "mm" => Some(1e-3),
        "cm" => Some(1e-2),
        "m" => Some(1.0),
        _ => None,
    }
}

fn force_scale(unit: &str) -> Option<f64> {
    (unit == "N").then_some(1.0)
}

/// N·m per unit of moment.
fn moment_scale(unit: &str) -> Option<f64> {
    match unit.replace(['.', '*', ' ', '·'], "").as_str() {
        "Nmm" => Some(1e-3),
        "Nm" => Some(1.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_data::data;
    use super::*;
    use std::sync::OnceLock;

    /// Parsing the 1.4 MB file is the slow part; share it between tests.
    fn c3d() -> &'static C3d {
        static C3D: OnceLock<C3d> = OnceLock::new();
        C3D.get_or_init(|| {
            let bytes = std::fs::read(data("c3d/walking2.c3d")).unwrap();
            C3d::from_bytes(&bytes).unwrap()
        })
    }

    fn walking2(options: &ForcePlateOptions) -> C3dRecording {
        from_c3d(c3d(), &data("c3d/walking2.c3d"), options).unwrap()
    }

    fn peak_vertical(p: &ForcePlate) -> f64 {
        p.force.iter().map(|f| f[2]).fold(f64::MIN, f64::max)
    }

    #[test]
    fn raw_peaks_match_ezc3d() {
        let r = walking2(&ForcePlateOptions { baseline_below_n: None, ..Default::default() });
        assert_eq!(r.analog_rate, 2000.0);
        assert_eq!(r.time.len(), 9992);
        assert_eq!(r.plates.len(), 2);
        // Lab z is up, so the loaded plates push up (+z) on the subject.
        assert!((peak_vertical(&r.plates[0]) - 951.0).abs() < 0.1, "{}", peak_vertical(&r.plates[0]));
        assert!((peak_vertical(&r.plates[1]) - 746.9).abs() < 0.1, "{}", peak_vertical(&r.plates[1]));
        assert_eq!(r.plates[0].axes[2], [0.0, 0.0, -1.0]);
    }

    #[test]
    fn baseline_is_subtracted() {
        let raw = walking2(&ForcePlateOptions { baseline_below_n: None, ..Default::default() });
        let r = walking2(&ForcePlateOptions::default());
        for (p, q) in r.plates.iter().zip(&raw.plates) {
            // The unloaded plates read ≈14 N and ≈20 N (plate z down: Fz > 0).
            assert!(p.baseline.force[2] > 10.0 && p.baseline.force[2] < 25.0, "{:?}", p.baseline);
            assert!(p.baseline.samples > 2000);
            // Unloaded samples now read ≈0; the peaks grow by the baseline.
            // (Plate noise is several newtons peak to peak: compare means.)
            let quiet: Vec<f64> = p.force.iter().take(2000).map(|f| f[2]).collect();
            let mean = quiet.iter().sum::<f64>() / quiet.len() as f64;
            let mean_abs = quiet.iter().map(|v| v.abs()).sum::<f64>() / quiet.len() as f64;
            assert!(mean.abs() < 0.5 && mean_abs < 2.0, "{mean} {mean_abs}");
            let grown = peak_vertical(p) - peak_vertical(q);
            assert!((grown - p.baseline.force[2]).abs() < 0.5, "{grown}");
        }
    }

    #[test]
    fn finds_one_stance_per_plate() {
        let r = walking2(&ForcePlateOptions::default());
        for p in &r.plates {
            let kinds: Vec<ContactEventKind> = p.events.iter().map(|e| e.kind).collect();
            assert_eq!(kinds, [ContactEventKind::HeelStrike, ContactEventKind::ToeOff], "plate {}", p.index);
            let stance = p.events[1].time - p.events[0].time;
            assert!(stance > 0.4 && stance < 0.9, "plate {} stance {stance} s", p.index);
            // Interpolated crossing lies between the neighbouring samples.
            let e = p.events[0];
            assert!(e.time <= r.time[e.sample] && e.time >= r.time[e.sample - 1]);
        }
        // Plate 1 (left foot) is struck before plate 0 (right foot).
        assert!(r.plates[1].events[0].time < r.plates[0].events[0].time);
    }

    #[test]
    fn cop_stays_on_the_plate_and_under_the_standing_foot() {
        let r = walking2(&ForcePlateOptions::default());
        let m = &r.markers;
        assert_eq!(m.rate, 250.0);
        let frame = |t: f64| ((t * m.rate).round() as usize).min(m.time.len() - 1);
        for p in &r.plates {
            let (hs, to) = (p.events[0].time, p.events[1].time);
            let mut checked = 0;
            let mut under = [0usize; 2];
            for (i, &t) in r.time.iter().enumerate() {
                // Well-loaded stance only: the COP is ill-conditioned at small forces.
                if t < hs || t > to || p.normal_force[i] < 100.0 {
                    continue;
                }
                let c = p.cop[i].expect("COP defined while loaded");
                // Inside the outline, in plate axes relative to the centre.
                let d = [c[0] - p.centre[0], c[1] - p.centre[1], c[2] - p.centre[2]];
                let along = |a: usize| d.iter().zip(&p.axes[a]).map(|(x, y)| x * y).sum::<f64>();
                let half = |a: usize| {
                    p.corners
                        .iter()
                        .map(|k| {
                            let e = [k[0] - p.centre[0], k[1] - p.centre[1], k[2] - p.centre[2]];
                            e.iter().zip(&p.axes[a]).map(|(x, y)| x * y).sum::<f64>().abs()
                        })
                        .fold(0.0, f64::max)
                };
                assert!(
                    along(0).abs() <= half(0) + 1e-3 && along(1).abs() <= half(1) + 1e-3,
                    "plate {} t {t}: COP {c:?} off the plate",
                    p.index
                );
                assert!(along(2).abs() < 1e-9, "COP on the surface");

                // Under the foot: within the box of its heel and toe markers, widened by
                // 6 cm (markers sit on the skin, toes reach past the metatarsal heads).
                // The foot that stands on the plate must hold the COP throughout; the
                // other foot only while it swings past.
                let f = frame(t);
                for (s, side) in ["R", "L"].iter().enumerate() {
                    let pts: Vec<[f64; 3]> = ["CAL", "MT1", "MT2"]
                        .iter()
                        .filter_map(|n| m.get(&format!("{side}{n}")).unwrap()[f])
                        .collect();
                    let inside = pts.len() == 3
                        && (0..2).all(|k| {
                            let lo = pts.iter().map(|q| q[k]).fold(f64::MAX, f64::min) - 0.06;
                            let hi = pts.iter().map(|q| q[k]).fold(f64::MIN, f64::max) + 0.06;
                            c[k] >= lo && c[k] <= hi
                        });
                    under[s] += usize::from(inside);
                }
                checked += 1;
            }
            assert!(checked > 500, "plate {} checked {checked}", p.index);
            // Plate 0 carries the right foot, plate 1 the left.
            let (own, other) = if p.index == 0 { (under[0], under[1]) } else { (under[1], under[0]) };
            assert_eq!(own, checked, "plate {}: COP left the standing foot", p.index);
            assert!(other < checked / 2, "plate {}: {other} of {checked}", p.index);
        }
    }

    #[test]
    fn free_moment_is_vertical_and_markers_are_metres() {
        let r = walking2(&ForcePlateOptions::default());
        for p in &r.plates {
            assert!(p.free_moment.iter().all(|t| t[0] == 0.0 && t[1] == 0.0));
            let peak = p.free_moment.iter().map(|t| t[2].abs()).fold(0.0, f64::max);
            // Free moments in walking are a few N·m at most.
            assert!(peak > 0.1 && peak < 20.0, "{peak}");
        }
        let rcal = r.markers.get("RCAL").unwrap();
        let seen: Vec<[f64; 3]> = rcal.iter().flatten().copied().collect();
        assert!(seen.len() > 400 && seen.len() < rcal.len());
        assert!(seen.iter().all(|q| q[2] > 0.0 && q[2] < 0.5), "heel height in m");
    }

    #[test]
    fn events_with_hysteresis() {
        let time: Vec<f64> = (0..12).map(|i| i as f64 * 0.01).collect();
        // Noise around the threshold does not split the contact; the short blip is dropped.
        let normal = [0.0, 25.0, 100.0, 18.0, 100.0, 30.0, 10.0, 0.0, 30.0, 0.0, 0.0, 0.0];
        let opts = ForcePlateOptions { min_contact_s: 0.02, ..Default::default() };
        let e = detect_contacts(&time, &normal, &opts);
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].kind, ContactEventKind::HeelStrike);
        assert!((e[0].time - 0.008).abs() < 1e-12, "{}", e[0].time);
        assert_eq!(e[1].kind, ContactEventKind::ToeOff);
        assert_eq!(e[1].sample, 6);
        // Loaded from the first sample: no heel strike, a toe-off only.
        let e = detect_contacts(&time[..4], &[100.0, 100.0, 0.0, 0.0], &opts);
        assert_eq!(e.iter().map(|e| e.kind).collect::<Vec<_>>(), [ContactEventKind::ToeOff]);
    }

    fn fresh() -> C3d {
        let bytes = std::fs::read(data("c3d/walking2.c3d")).unwrap();
        C3d::from_bytes(&bytes).unwrap()
    }

    fn refusal(c: &C3d) -> RecordedError {
        match from_c3d(c, Path::new("edited.c3d"), &ForcePlateOptions::default()) {
            Ok(_) => panic!("the edited file was accepted"),
            Err(e) => e,
        }
    }

    #[test]
    fn upside_down_plate_is_refused() {
        // Reordering the corners turns the plate's z axis up, towards the subject.
        let mut c = fresh();
        let k = c.forces[1].corners.clone();
        for (i, j) in [(0, 1), (1, 0), (2, 3), (3, 2)] {
            c.forces[1].corners[i] = k[j];
        }
        let e = refusal(&c);
        assert!(matches!(e, RecordedError::ForcePlate { plate: 1, .. }), "{e}");
        assert!(e.to_string().contains("edited.c3d") && e.to_string().contains("points up"), "{e}");
    }

    #[test]
    fn pulling_plate_is_refused() {
        // A plate whose Fz channel has the opposite sign reads the subject as pulling.
        let mut c = fresh();
        let fz = c.forces[0].channels[2] as usize - 1;
        c.analog.analog.iter_col_mut(fz).for_each(|v| *v = -*v);
        let e = refusal(&c);
        assert!(matches!(e, RecordedError::ForcePlate { plate: 0, .. }), "{e}");
        assert!(e.to_string().contains("disagree"), "{e}");
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let e = read_c3d("/nonexistent/walk.c3d", &ForcePlateOptions::default()).unwrap_err();
        assert!(matches!(e, RecordedError::Io { .. }));
        assert!(e.to_string().contains("walk.c3d"));
    }

    #[test]
    fn units() {
        assert_eq!(moment_scale("Nmm"), Some(1e-3));
        assert_eq!(moment_scale("N.m"), Some(1.0));
        assert_eq!(moment_scale("Nm"), Some(1.0));
        assert_eq!(moment_scale("V"), None);
        assert_eq!(length_scale("mm  "), Some(1e-3));
    }
}
