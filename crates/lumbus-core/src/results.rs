//! What a run produces: one record per frame and a summary per run.

use crate::params::Scene;
use serde::Serialize;
use std::collections::BTreeMap;

/// One lumbar level at one frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LevelFrame {
    pub compression_n: f64,
    pub ap_shear_n: f64,
    pub ml_shear_n: f64,
    pub facet_right_n: f64,
    pub facet_left_n: f64,
    /// Share of compression carried by the two facets.
    pub facet_share: f64,
    /// Facet gap, mm, positive when open.
    pub facet_gap_right_mm: f64,
    pub facet_gap_left_mm: f64,
    /// Net force and moment across the level on the body above (world axes), N and N·m:
    /// what inverse dynamics asks the joint and the muscles crossing it to supply together.
    pub net_force_n: [f64; 3],
    pub net_moment_nm: [f64; 3],
    /// Extension, lateral bending, axial rotation of the level, degrees (lordosis included).
    pub angles_deg: [f64; 3],
}

/// Everything computed at one instant.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Frame {
    pub time_s: f64,
    /// Percent of the gait cycle from the right heel strike.
    pub cycle_pct: f64,
    pub levels: [LevelFrame; 5],
    /// Hip contact force (on the femoral head, world axes), N, [right, left].
    pub hip_contact_n: [[f64; 3]; 2],
    /// Ground reaction force per foot, N, and centre of pressure, m, [right, left].
    pub grf_n: [[f64; 3]; 2],
    pub cop_m: [[f64; 3]; 2],
    /// Net hip moment on the leg (world axes), N·m.
    pub hip_moment_nm: [[f64; 3]; 2],
    /// Hip flexion, adduction, rotation; knee flexion, degrees, [right, left].
    pub hip_angles_deg: [[f64; 3]; 2],
    pub knee_flexion_deg: [f64; 2],
    /// Pelvis tilt (+ posterior), list, rotation, degrees.
    pub pelvis_angles_deg: [f64; 3],
    /// Whole-body centre of mass, m.
    pub com_m: [f64; 3],
    /// Largest reserve moment this frame, N·m, and the row it sits on.
    pub reserve_max_nm: f64,
    pub reserve_row: usize,
    /// Reserve moments at each hip (world axes), N·m — the demand the muscles could not meet.
    pub hip_reserve_nm: [[f64; 3]; 2],
    /// Net knee moment on the shank about its flexion axis (+ extension) and the knee's
    /// reserve, N·m, [right, left].
    pub knee_moment_nm: [f64; 2],
    pub knee_reserve_nm: [f64; 2],
    /// Net ankle moment on the foot about the same axis (+ dorsiflexion) and the ankle's
    /// reserve, N·m, [right, left].
    pub ankle_moment_nm: [f64; 2],
    pub ankle_reserve_nm: [f64; 2],
    /// Muscle forces, N, in `Model::muscles` order.
    pub muscle_force_n: Vec<f64>,
    /// Top-down vs bottom-up net wrench at each level (force N, moment N·m), the largest part.
    pub consistency: [f64; 2],
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SubjectSummary {
    pub mass_kg: f64,
    pub height_m: f64,
    pub sex: String,
    pub body_weight_n: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GaitSummary {
    pub activity: String,
    pub speed_mps: f64,
    /// Dimensionless speed v²/(g·L), L the leg length (hip to floor); 0 when standing.
    pub froude: f64,
    pub stride_m: f64,
    pub cadence_spm: f64,
    /// Distance between the feet's lines, m (`[gait] step_width_m` or its default); 0 for a
    /// recorded trial.
    pub step_width_m: f64,
    pub cycle_s: f64,
    pub cycles: u32,
    pub frames: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LevelSummary {
    pub compression_peak_n: f64,
    pub compression_peak_bw: f64,
    pub compression_mean_bw: f64,
    pub compression_min_bw: f64,
    pub ap_shear_peak_bw: f64,
    pub ml_shear_peak_bw: f64,
    pub facet_left_peak_n: f64,
    pub facet_right_peak_n: f64,
    pub facet_share_mean: f64,
    /// Facet separations past the gapping threshold per cycle (a proxy for cavitation).
    pub gapping_events_left: usize,
    pub gapping_events_right: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Sides {
    pub left: f64,
    pub right: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReserveSummary {
    /// Largest reserve moment over the run, N·m, and where.
    pub max_nm: f64,
    pub joint: String,
    pub at_cycle_pct: f64,
    /// Mean over frames of the largest reserve moment, N·m.
    pub mean_nm: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    pub scene: String,
    pub subject: SubjectSummary,
    pub gait: GaitSummary,
    /// Keyed L1_L2 … L5_S1.
    pub levels: BTreeMap<String, LevelSummary>,
    pub hip_contact_peak_bw: Sides,
    pub grf_vertical_peak_bw: Sides,
    /// Peak hip abduction moment demand (frontal-plane net moment), N·m.
    pub hip_abduction_moment_peak_nm: Sides,
    /// Compression integrated over one cycle per metre walked, N·s/m; absent when standing.
    pub compression_impulse_per_m: Option<BTreeMap<String, f64>>,
    pub reserves: ReserveSummary,
    /// Per muscle group (`MuscleGroup::name`), the highest activation any of its fascicles
    /// reaches, either side, over the run: force over maximum force, 1 = working at its limit.
    pub muscle_peak_activation: BTreeMap<String, f64>,
    /// Largest top-down vs bottom-up disagreement of a lumbar net wrench (N, N·m): a check.
    pub consistency_force_n: f64,
    pub consistency_moment_nm: f64,
    /// The impact transient at landing, when the scene has one (`[impact] enabled`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<ImpactSummary>,
    /// What this run stretches beyond what the engine was built from (`warnings.rs`); empty
    /// for most scenes.
    pub warnings: Vec<String>,
}

/// The impact transient at the right foot's landing (`Engine::impact_summary`), sampled finely.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImpactSummary {
    /// The transient's own peak (the extra vertical ground force), BW, and when, ms after contact.
    pub force_peak_bw: f64,
    pub peak_time_ms: f64,
    /// The landing foot's whole vertical ground force at that instant, BW.
    pub grf_impact_peak_bw: f64,
    /// Peak over time to peak, BW/s.
    pub loading_rate_bw_per_s: f64,
    /// The effective mass's largest deceleration, g (the tibial transient's stand-in).
    pub deceleration_peak_g: f64,
    pub effective_mass_kg: f64,
    /// Per level, the largest rise of compression the impact adds at the same instant, BW.
    pub compression_rise_bw: BTreeMap<String, f64>,
}

impl Summary {
    pub fn level(&self, name: &str) -> &LevelSummary {
        &self.levels[name]
    }

    /// The `n` muscle groups working nearest their limit, highest peak activation first: where
    /// weakness bites first.
    pub fn busiest_muscles(&self, n: usize) -> Vec<(&str, f64)> {
        let mut groups: Vec<(&str, f64)> =
            self.muscle_peak_activation.iter().map(|(g, a)| (g.as_str(), *a)).collect();
        groups.sort_by(|a, b| b.1.total_cmp(&a.1));
        groups.truncate(n);
        groups
    }

    /// The inputs, for reference.
    pub fn header(scene: &Scene, bw: f64) -> (SubjectSummary, GaitSummary) {
        let s = &scene.subject;
        let g = &scene.gait;
        (
            SubjectSummary {
                mass_kg: s.mass_kg,
                height_m: s.height_m,
                sex: format!("{:?}", s.sex).to_lowercase(),
                body_weight_n: bw,
            },
            GaitSummary {
                activity: format!("{:?}", g.activity).to_lowercase(),
                speed_mps: g.speed_mps(),
                froude: 0.0,
                stride_m: if g.activity == crate::params::Activity::Walk { g.stride_m } else { 0.0 },
                cadence_spm: g.cadence_spm,
                step_width_m: 0.0,
                cycle_s: g.cycle_time_s(),
                cycles: g.cycles,
                frames: 0,
            },
        )
    }
}
