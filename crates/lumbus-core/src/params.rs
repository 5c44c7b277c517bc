//! What a user sets: the scene's parameters, their defaults and their allowed ranges.
//!
//! Plain data with serde derives (no file format lives here: `lumbus-io` reads TOML into these).
//! Every field has a default so a scene only names what it changes; unknown fields are refused.

use serde::{Deserialize, Serialize};

/// One lumbar level, from the top (L1–L2) to the bottom (L5–S1).
pub const LEVEL_NAMES: [&str; 5] = ["L1_L2", "L2_L3", "L3_L4", "L4_L5", "L5_S1"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scene {
    /// A short name, used in tables and plots.
    pub name: String,
    pub subject: Subject,
    pub gait: Gait,
    pub strength: Strength,
    pub posture: Posture,
    pub load: Load,
    pub spine: Spine,
    pub muscles: MuscleSettings,
    pub impact: Impact,
}

impl Default for Scene {
    fn default() -> Self {
        Scene {
            name: "default".into(),
            subject: Subject::default(),
            gait: Gait::default(),
            strength: Strength::default(),
            posture: Posture::default(),
            load: Load::default(),
            spine: Spine::default(),
            muscles: MuscleSettings::default(),
            impact: Impact::default(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

/// The subject: when a scene gives `[subject]`, it must give all three fields (a half-described
/// subject would silently take the default adult's other measures).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    pub mass_kg: f64,
    pub height_m: f64,
    pub sex: Sex,
}

impl Default for Subject {
    fn default() -> Self {
        Subject { mass_kg: 73.0, height_m: 1.75, sex: Sex::Male }
    }
}

/// Walking, or standing still in the neutral posture (the same outputs, one static pose).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activity {
    Walk,
    Stand,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Gait {
    pub activity: Activity,
    /// Stride length (two steps), metres.
    pub stride_m: f64,
    /// Cadence, steps per minute.
    pub cadence_spm: f64,
    /// Number of gait cycles written out (the gait is periodic: each cycle is the same).
    pub cycles: u32,
    pub frames_per_cycle: u32,
    /// Whether weak muscles bring their usual gait compensations (trunk leans).
    pub compensate_weakness: bool,
    /// Which part of the foot lands first; it matters only to the impact (`[impact]`): the
    /// landing's kinematics are the measured heel-strike gait's whatever this says.
    pub foot_strike: FootStrike,
    /// Forward, or backward: the forward cycle played in reverse (see `gait/plan.rs`).
    pub direction: Direction,
    /// When the load passes from the trailing foot to the leading one (see `gait/plan.rs`).
    pub load_transfer: LoadTransfer,
    /// Distance between the two feet's lines, m (each sole's rolling contact runs along its
    /// line); by default 14 % of the leg length, as measured overground (`model/mod.rs`).
    pub step_width_m: Option<f64>,
}

/// How the two feet share the ground reaction over double support.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoadTransfer {
    /// As the template's subject's force plates measured it: from the leading foot's plate heel
    /// strike, 3 % of the cycle before the gait's kinematic heel strike, to the trailing foot's
    /// plate toe-off, with the measured split in between.
    Measured,
    /// Only while both feet are on the floor in the gait's kinematics (its kinematic heel
    /// strike to toe-off), a smooth step: what a contact simulation of the same kinematics
    /// can carry (the forward path uses it).
    Contact,
}

/// The part of the foot that meets the ground first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FootStrike {
    Heel,
    Midfoot,
    Forefoot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Forward,
    Backward,
}

impl Default for Gait {
    fn default() -> Self {
        Gait {
            activity: Activity::Walk,
            stride_m: 1.4,
            cadence_spm: 110.0,
            cycles: 1,
            frames_per_cycle: 100,
            compensate_weakness: true,
            foot_strike: FootStrike::Heel,
            direction: Direction::Forward,
            load_transfer: LoadTransfer::Measured,
            step_width_m: None,
        }
    }
}

impl Gait {
    /// speed = stride × cadence / 120 (a stride is two steps).
    pub fn speed_mps(&self) -> f64 {
        match self.activity {
            Activity::Walk => self.stride_m * self.cadence_spm / 120.0,
            Activity::Stand => 0.0,
        }
    }
    /// One stride takes two steps: 120 / cadence seconds.
    pub fn cycle_time_s(&self) -> f64 {
        120.0 / self.cadence_spm
    }
}

/// Strength of each muscle group as a fraction of normal (1 = normal, 0.5 = half the force).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Strength {
    pub gluteus_medius: f64,
    pub gluteus_maximus: f64,
    pub gluteus_minimus: f64,
    pub hip_flexors: f64,
    pub hamstrings: f64,
    pub abdominals: f64,
    pub erector_spinae: f64,
    pub multifidus: f64,
    pub quadratus_lumborum: f64,
    pub psoas: f64,
}

impl Default for Strength {
    fn default() -> Self {
        Strength {
            gluteus_medius: 1.0,
            gluteus_maximus: 1.0,
            gluteus_minimus: 1.0,
            hip_flexors: 1.0,
            hamstrings: 1.0,
            abdominals: 1.0,
            erector_spinae: 1.0,
            multifidus: 1.0,
            quadratus_lumborum: 1.0,
            psoas: 1.0,
        }
    }
}

impl Strength {
    pub fn fields(&self) -> [(&'static str, f64); 10] {
        [
            ("gluteus_medius", self.gluteus_medius),
            ("gluteus_maximus", self.gluteus_maximus),
            ("gluteus_minimus", self.gluteus_minimus),
            ("hip_flexors", self.hip_flexors),
            ("hamstrings", self.hamstrings),
            ("abdominals", self.abdominals),
            ("erector_spinae", self.erector_spinae),
            ("multifidus", self.multifidus),
            ("quadratus_lumborum", self.quadratus_lumborum),
            ("psoas", self.psoas),
        ]
    }
}

/// Posture, as changes from the model's neutral upright posture (degrees).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Posture {
    /// Extra anterior pelvic tilt. The lumbar spine follows with extra lordosis so the trunk stays
    /// upright (Levine & Whittle 1996: 11.4° tilt added 10.8° lordosis).
    pub anterior_pelvic_tilt_deg: f64,
    /// Extra lumbar lordosis (extension, L1–S1) beyond what the pelvic tilt brings.
    pub lordosis_deg: f64,
    /// Forward flexion of the trunk over the lumbar spine (slouching).
    pub trunk_flexion_deg: f64,
    /// Extra lateral trunk lean over the stance leg (amplitude), on top of any compensation.
    pub lateral_lean_deg: f64,
}

impl Default for Posture {
    fn default() -> Self {
        Posture {
            anterior_pelvic_tilt_deg: 0.0,
            lordosis_deg: 0.0,
            trunk_flexion_deg: 0.0,
            lateral_lean_deg: 0.0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Load {
    /// A backpack carried high on the back, kg.
    pub backpack_kg: f64,
}

/// Per-level spine settings, top (L1–L2) to bottom (L5–S1).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Spine {
    /// Disc degeneration, 0 (healthy) … 1 (severe): loss of disc height and axial stiffness.
    pub disc_degeneration: PerLevel,
    /// Facet orientation in the transverse plane from the midsagittal plane, degrees; `None`
    /// keeps the model's default per level (Masharawi et al. 2004).
    pub facet_orientation_deg: Option<PerLevel>,
}

/// One value per lumbar level; in files, a table keyed `L1_L2` … `L5_S1` (missing levels are 0).
#[derive(Clone, Copy, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PerLevel {
    #[serde(rename = "L1_L2")]
    pub l1_l2: f64,
    #[serde(rename = "L2_L3")]
    pub l2_l3: f64,
    #[serde(rename = "L3_L4")]
    pub l3_l4: f64,
    #[serde(rename = "L4_L5")]
    pub l4_l5: f64,
    #[serde(rename = "L5_S1")]
    pub l5_s1: f64,
}

impl PerLevel {
    pub fn to_array(self) -> [f64; 5] {
        [self.l1_l2, self.l2_l3, self.l3_l4, self.l4_l5, self.l5_s1]
    }
    pub fn from_array(a: [f64; 5]) -> Self {
        PerLevel { l1_l2: a[0], l2_l3: a[1], l3_l4: a[2], l4_l5: a[3], l5_s1: a[4] }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MuscleSettings {
    /// Maximum muscle stress, N/cm² (models default 100; measured 40–130, Burkhart et al. 2018).
    pub max_stress_n_per_cm2: f64,
    /// Abdominal bracing: the activation every abdominal fascicle holds at least, as a fraction
    /// of maximum, 0 (none, the default) … 1 (see `muscles/bracing.rs`).
    pub bracing: f64,
}

impl Default for MuscleSettings {
    fn default() -> Self {
        MuscleSettings { max_stress_n_per_cm2: 100.0, bracing: 0.0 }
    }
}

/// The shoe under the heel: sets the midsole's stiffness (`Impact::midsole_kn_per_m`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shoe {
    Barefoot,
    Standard,
    Cushioned,
}

/// The impact transient at initial contact (`gait/impact.rs`): the landing leg's effective mass
/// stopped through the heel pad and the shoe's midsole, coupled to the rest of the body by the
/// leg's compliance. Off by default: the smooth gait, no transient.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Impact {
    pub enabled: bool,
    pub shoe: Shoe,
    /// Overrides the shoe's midsole stiffness, kN/m (in series with the heel pad).
    pub midsole_stiffness_kn_per_m: Option<f64>,
    /// The heel pad's instantaneous stiffness, kN/m (assumption, see `gait/impact.rs`).
    pub heel_pad_stiffness_kn_per_m: f64,
    /// Effective mass of a heel strike, % of body mass: 6.3 % in barefoot walking, Chi &
    /// Schmitt 2005 (J Biomech 38:1387).
    pub effective_mass_pct: f64,
    /// Downward velocity of the effective mass at contact, m/s (assumption, see `gait/impact.rs`).
    pub contact_velocity_mps: f64,
    /// Stiffness of the leg between the effective mass and the rest of the body, kN/m
    /// (assumption, see `gait/impact.rs`).
    pub leg_stiffness_kn_per_m: f64,
}

impl Default for Impact {
    fn default() -> Self {
        Impact {
            enabled: false,
            shoe: Shoe::Standard,
            midsole_stiffness_kn_per_m: None,
            heel_pad_stiffness_kn_per_m: crate::gait::impact::HEEL_PAD_KN_PER_M,
            effective_mass_pct: crate::gait::impact::EFFECTIVE_MASS_PCT,
            contact_velocity_mps: crate::gait::impact::CONTACT_VELOCITY_MPS,
            leg_stiffness_kn_per_m: crate::gait::impact::LEG_KN_PER_M,
        }
    }
}

impl Impact {
    /// The midsole's stiffness, kN/m; `None` barefoot (no midsole in series).
    pub fn midsole_kn_per_m(&self) -> Option<f64> {
        self.midsole_stiffness_kn_per_m.or(match self.shoe {
            Shoe::Barefoot => None,
            Shoe::Standard => Some(crate::gait::impact::MIDSOLE_STANDARD_KN_PER_M),
            Shoe::Cushioned => Some(crate::gait::impact::MIDSOLE_CUSHIONED_KN_PER_M),
        })
    }
}

/// A parameter outside its allowed range: names the field by its path in the scene.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeError {
    pub field: String,
    pub value: f64,
    pub allowed: String,
}

impl std::fmt::Display for RangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` = {} is out of range: allowed {}", self.field, self.value, self.allowed)
    }
}

impl std::error::Error for RangeError {}

fn check(errors: &mut Vec<RangeError>, field: &str, value: f64, lo: f64, hi: f64, unit: &str) {
    // NaN fails both comparisons, so it is refused here too.
    if !(value >= lo && value <= hi) {
        errors.push(RangeError { field: field.to_string(), value, allowed: format!("{lo} to {hi}{unit}") });
    }
}

impl Scene {
    /// Every value out of its range (all of them, not just the first). Ranges are what the model
    /// was built for: outside them it would extrapolate silently, so it refuses instead.
    pub fn validate(&self) -> Result<(), Vec<RangeError>> {
        let mut e = Vec::new();
        check(&mut e, "subject.mass_kg", self.subject.mass_kg, 30.0, 200.0, " kg");
        check(&mut e, "subject.height_m", self.subject.height_m, 1.3, 2.2, " m");
        let g = &self.gait;
        check(&mut e, "gait.stride_m", g.stride_m, 0.6, 2.0, " m");
        check(&mut e, "gait.cadence_spm", g.cadence_spm, 60.0, 150.0, " steps/min");
        check(&mut e, "gait.cycles", g.cycles as f64, 1.0, 100.0, "");
        check(&mut e, "gait.frames_per_cycle", g.frames_per_cycle as f64, 20.0, 2000.0, "");
        if let Some(w) = g.step_width_m {
            // From feet almost in one line to about twice the widest preferred width (14.0 ±
            // 3.1 % of leg length, i.e. up to ~0.18 m; model/mod.rs): the range run and checked.
            check(&mut e, "gait.step_width_m", w, 0.02, 0.4, " m");
        }
        for (name, v) in self.strength.fields() {
            check(&mut e, &format!("strength.{name}"), v, 0.05, 1.0, " (fraction of normal)");
        }
        let p = &self.posture;
        check(&mut e, "posture.anterior_pelvic_tilt_deg", p.anterior_pelvic_tilt_deg, -15.0, 20.0, "°");
        check(&mut e, "posture.lordosis_deg", p.lordosis_deg, -20.0, 20.0, "°");
        check(&mut e, "posture.trunk_flexion_deg", p.trunk_flexion_deg, -10.0, 40.0, "°");
        check(&mut e, "posture.lateral_lean_deg", p.lateral_lean_deg, 0.0, 15.0, "°");
        check(&mut e, "load.backpack_kg", self.load.backpack_kg, 0.0, 40.0, " kg");
        for (i, d) in self.spine.disc_degeneration.to_array().iter().enumerate() {
            let f = format!("spine.disc_degeneration.{}", LEVEL_NAMES[i]);
            check(&mut e, &f, *d, 0.0, 1.0, "");
        }
        if let Some(o) = self.spine.facet_orientation_deg {
            for (i, d) in o.to_array().iter().enumerate() {
                let f = format!("spine.facet_orientation_deg.{}", LEVEL_NAMES[i]);
                check(&mut e, &f, *d, 10.0, 80.0, "°");
            }
        }
        check(
            &mut e,
            "muscles.max_stress_n_per_cm2",
            self.muscles.max_stress_n_per_cm2,
            20.0,
            150.0,
            " N/cm²",
        );
        check(&mut e, "muscles.bracing", self.muscles.bracing, 0.0, 1.0, " (fraction of maximum activation)");
        let i = &self.impact;
        if let Some(k) = i.midsole_stiffness_kn_per_m {
            check(&mut e, "impact.midsole_stiffness_kn_per_m", k, 20.0, 2000.0, " kN/m");
        }
        check(
            &mut e,
            "impact.heel_pad_stiffness_kn_per_m",
            i.heel_pad_stiffness_kn_per_m,
            20.0,
            2000.0,
            " kN/m",
        );
        check(&mut e, "impact.effective_mass_pct", i.effective_mass_pct, 1.0, 15.0, " % of body mass");
        check(&mut e, "impact.contact_velocity_mps", i.contact_velocity_mps, 0.0, 1.5, " m/s");
        check(&mut e, "impact.leg_stiffness_kn_per_m", i.leg_stiffness_kn_per_m, 1.0, 200.0, " kN/m");
        if e.is_empty() { Ok(()) } else { Err(e) }
    }
}
