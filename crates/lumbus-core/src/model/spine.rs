//! Lumbar geometry and the passive properties of each level (disc and facet joints).
//!
//! Levels are indexed top to bottom: 0 = L1–L2 … 4 = L5–S1 (`params::LEVEL_NAMES`).

use super::segment::{PELVIS, VERTEBRA};
use crate::params::Scene;

pub const N_LEVELS: usize = 5;

/// Disc heights, mm, L1/2 … L5/S1, from CT: Jentzsch et al. 2024 (BMC Med Imaging 24:213).
pub const DISC_HEIGHT_MM: [f64; N_LEVELS] = [9.2, 10.6, 11.3, 11.4, 10.5];

/// Vertebral body heights L1 … L5, mm (assumption: typical adult values, no source retrieved).
pub const BODY_HEIGHT_MM: [f64; N_LEVELS] = [25.0, 26.0, 27.0, 27.0, 27.0];

/// Neutral standing lordosis per level, degrees of extension, L1–L2 … L5–S1 (assumption:
/// 48° in all, rising caudally as in standing radiographs). The total is close to what 627
/// asymptomatic volunteers stood with, 49.8 ± 11.2° from T12 to S1, of which L4–S1 34.2 ± 8.3°
/// (30° here) (PMC6680033, standing radiographs; abstract read).
///
/// A measured set exists and was tried, not kept: 1.2 / 5.9 / 9.1 / 12.7 / 21.6° (50.5° in all;
/// standing radiographs of 324 asymptomatic adults, Sci Rep 2022, doi 10.1038/s41598-022-21840-x,
/// Table 2; the study's sacral slope was not retrieved, so the 40° below stayed). It tilts the
/// L4–L5 disc 11.6° instead of 16.0° in normal walking, and the net joint force's shear there
/// falls (0.211 → 0.176 BW), but the psoas and quadratus lumborum, whose vertebral attachments
/// move back with the steeper L5–S1, add more (L4–L5 AP shear 0.287 → 0.282 BW); hip contact
/// rose 3.48 → 3.66 BW (psoas 0.12 → 0.22 BW at the second maximum), and three passing tests
/// failed: L5–S1 compression against OpenSim's joint reaction on the gait2392 trial (correlation
/// 0.57 → 0.28), the generated gait against that trial at L4–L5 (1.51 against 1.82 BW), and
/// the forward path's L4–L5 moments (13.1 % of the peak). Christophy et al. 2012's own chain
/// (`christophy_lumbar.rs`, whose muscle points the model carries) is more lordotic still:
/// its L5 axis 15.7° forward of the sacrum's against 23° here and 18.4° with the measured set.
/// Tried again with AnyBody's psoas path (2026-11-22): L4–L5 AP shear 0.268 → 0.249 BW (slow
/// walking 0.205 → 0.185, under the 0.2 bound), the 15 % BW backpack's L5–S1 change −0.4 →
/// +1.4 %, but hip contact 3.47 → 3.64 BW, Arshad's trunk families three of six → two, and the
/// same three tests failed, each narrowly: the OpenSim correlation 0.77 → 0.69 (guard 0.7), the
/// generated gait's L4–L5 AP shear 0.224 against the recorded trial's 0.252 BW (−11 %, bound
/// 10 %), and the forward path's L4–L5 moments 5.0 → 13.1 % of the peak (bound 10 %): the
/// simulated skeleton tracks the more lordotic chain less closely, which would need its own look.
/// So the lumbar posture is one of the model's open questions, not settled by one table.
pub const LORDOSIS_DEG: [f64; N_LEVELS] = [3.0, 6.0, 9.0, 13.0, 17.0];

/// Sacral slope in the neutral standing pelvis, degrees: Mac-Thiong et al. 2011 (Eur Spine J 20
/// Suppl 5:572; abstract read) give its mean ± 2 SD range as 24–55° in 709 asymptomatic adults,
/// a mean of 39.5°, rounded here.
pub const SACRAL_SLOPE_DEG: f64 = 40.0;

/// Lumbar rhythm: each level's share of the total L1–S1 motion, L1–L2 … L5–S1,
/// Christophy et al. 2012 (Biomech Model Mechanobiol 11:19), model file.
pub const RHYTHM_FLEXION: [f64; N_LEVELS] = [0.255, 0.231, 0.204, 0.185, 0.125];
pub const RHYTHM_BENDING: [f64; N_LEVELS] = [0.188, 0.250, 0.245, 0.181, 0.136];
pub const RHYTHM_ROTATION: [f64; N_LEVELS] = [0.169, 0.182, 0.221, 0.221, 0.208];

/// Facet orientation in the transverse plane from the midsagittal plane, degrees. Masharawi et
/// al. 2004 (Spine 29:1755): T12–L2 26–34°, L3–L5 40–56°, more coronal caudally. Values are the
/// middle of those bands; L2–L3 is interpolated and L5–S1 (not given) continues the trend.
pub const FACET_ORIENTATION_DEG: [f64; N_LEVELS] = [30.0, 36.0, 44.0, 48.0, 52.0];

/// Facet joint centre relative to the disc centre, in the disc frame: posterior distance and
/// half the interfacet width, mm, L1–L2 … L5–S1 (assumption, typical adult anatomy).
pub const FACET_POSTERIOR_MM: [f64; N_LEVELS] = [38.0, 39.0, 40.0, 41.0, 42.0];
pub const FACET_HALF_WIDTH_MM: [f64; N_LEVELS] = [15.0, 16.5, 18.0, 20.0, 23.0];

/// Disc stiffness at zero preload (assumptions; magnitudes typical of lumbar motion segments,
/// the 6×6 matrices of Gardner-Morse & Stokes 2004 were not retrieved): axial N/mm, shear N/mm,
/// flexion–extension / lateral bending / axial rotation N·m per degree.
pub const DISC_AXIAL_N_PER_MM: f64 = 1500.0;
pub const DISC_SHEAR_N_PER_MM: f64 = 150.0;
pub const DISC_ROT_NM_PER_DEG: [f64; 3] = [1.5, 1.5, 3.0];

/// Preload stiffening of the disc: ×1.71 at 250 N and ×2.11 at 500 N compressive preload,
/// Gardner-Morse & Stokes 2004 (J Biomech 37:205). Linear between, the last slope beyond.
pub fn preload_factor(compression_n: f64) -> f64 {
    let c = compression_n.max(0.0);
    if c <= 250.0 { 1.0 + 0.71 * c / 250.0 } else { 1.71 + 0.40 * (c - 250.0) / 250.0 }
}

/// Extension of erect standing relative to a segment's unloaded neutral, degrees: the
/// "lordotic" posture in which Adams & Hutton 1980 (JBJS-Br 62:358) measured facets carrying
/// ~16 % of compression (their erect-standing simulation extended segments by 2°).
pub const STANDING_EXTENSION_DEG: f64 = 2.0;

/// Facet contact stiffness per facet, N/mm: the compressive (tip/capsule) path and the
/// articular-surface path that resists anterior shear and axial rotation. Assumption: the
/// compressive stiffness is set so that upright standing (STANDING_EXTENSION_DEG) puts ~16 % of
/// the L4–L5 compression on the facets, the figure Adams & Hutton 1980 (JBJS-Br 62:358) measured
/// for erect standing. The standing facet share is therefore calibrated, not predicted; how it
/// changes with posture, degeneration and gait is the model's own answer.
pub const FACET_COMPRESSIVE_N_PER_MM: f64 = 40.0;
pub const FACET_ARTICULAR_N_PER_MM: f64 = 400.0;

/// Disc degeneration reduces axial stiffness (the nucleus depressurises, "a flat tyre") by up
/// to this fraction at degeneration 1 (assumption). With the facets unchanged, load moves to them
/// as Adams & Hutton 1985 (JBJS-Br 67:625) saw for narrowed discs (up to ~70 %).
pub const DEGENERATION_STIFFNESS_LOSS: f64 = 0.75;
/// and loses this fraction of its height at degeneration 1 (assumption).
pub const DEGENERATION_HEIGHT_LOSS: f64 = 0.4;

/// A facet separating by more than this is counted as a gapping event, mm (assumption): a proxy
/// for the joint cavitation ("clunk") people feel, not a model of it.
pub const GAPPING_THRESHOLD_MM: f64 = 0.5;

/// Geometry and passive properties of one level, SI units.
#[derive(Clone, Debug)]
pub struct Level {
    pub name: &'static str,
    /// Segment above and below the disc.
    pub upper: usize,
    pub lower: usize,
    pub disc_height: f64,
    /// Height of the vertebral body above this disc.
    pub upper_body_height: f64,
    /// Neutral extension of the level, rad.
    pub lordosis: f64,
    pub facet_orientation: f64,
    pub facet_posterior: f64,
    pub facet_half_width: f64,
    pub axial_stiffness: f64,
    pub shear_stiffness: f64,
    /// Rotational stiffness about the disc frame's X (lateral bending), Y (axial), Z (flexion), N·m/rad.
    pub rot_stiffness: [f64; 3],
    pub degeneration: f64,
}

pub fn levels(scene: &Scene, scale: f64) -> Vec<Level> {
    let degen = scene.spine.disc_degeneration.to_array();
    let orient = scene.spine.facet_orientation_deg.map(|o| o.to_array()).unwrap_or(FACET_ORIENTATION_DEG);
    let deg = std::f64::consts::PI / 180.0;
    (0..N_LEVELS)
        .map(|k| {
            let d = degen[k];
            Level {
                name: crate::params::LEVEL_NAMES[k],
                upper: VERTEBRA[4 - k],
                lower: if k == 4 { PELVIS } else { VERTEBRA[3 - k] },
                disc_height: DISC_HEIGHT_MM[k] * 1e-3 * scale * (1.0 - DEGENERATION_HEIGHT_LOSS * d),
                // BODY_HEIGHT_MM runs L1..L5 and level k's upper vertebra is L(k+1).
                upper_body_height: BODY_HEIGHT_MM[k] * 1e-3 * scale,
                lordosis: LORDOSIS_DEG[k] * deg,
                facet_orientation: orient[k] * deg,
                facet_posterior: FACET_POSTERIOR_MM[k] * 1e-3 * scale,
                facet_half_width: FACET_HALF_WIDTH_MM[k] * 1e-3 * scale,
                axial_stiffness: DISC_AXIAL_N_PER_MM * 1e3 * (1.0 - DEGENERATION_STIFFNESS_LOSS * d),
                shear_stiffness: DISC_SHEAR_N_PER_MM * 1e3,
                rot_stiffness: [
                    DISC_ROT_NM_PER_DEG[1] / deg,
                    DISC_ROT_NM_PER_DEG[2] / deg,
                    DISC_ROT_NM_PER_DEG[0] / deg,
                ],
                degeneration: d,
            }
        })
        .collect()
}
