//! The impact transient at initial contact: a two-mass model integrated once per scene and
//! tabulated finely, then read at any instant by the gait plan (`Pose::impacts`).
//!
//! The gait generator's motion is smooth (C²): its landing foot arrives at rest, so on its own
//! the engine has no impact peak. Measured forces show one in most heel strikes (a sharp heel-
//! strike transient in 76 % of barefoot walking trials, Verdini et al. 2006, Gait Posture, pp. 77–84).
//! It is modelled as the exchange of momentum between the ground and the part of the body that
//! comes to a full stop during the impact — the effective mass (Chi & Schmitt 2005, J Biomech
//! 38:1387; Addison & Lieberman 2015, "Tradeoffs between impact loading rate,
//! vertical impulse and effective mass…") — on top of the smooth gait:
//!
//! - m₁, the landing leg's effective mass, meets the ground moving down at `v₀` relative to the
//!   smooth gait, through the heel pad and the shoe's midsole: two springs in series, a contact
//!   that can only push, with Hunt–Crossley damping (force k·x·(1 + λ·ẋ), zero at first touch so
//!   the force rises continuously; Naemi & Chockalingam 2013, MSSE 45:1524, review such
//!   foot–ground models);
//! - m₂, the rest of the body (everything but the landing foot and shank), is joined to m₁ by
//!   the leg: a spring in parallel with a tendon-like spring in series with a damper (a standard
//!   linear solid, so the leg's force starts from zero at contact and relaxes to zero after),
//!   and carried by the body's stance support, a spring and damper to the ground. This is the
//!   two-mass split of J Exp Biol 2017, 220:247 ("A general relationship links gait mechanics and
//!   running ground reaction forces": "stance foot and shank"
//!   ≈ 8 % of body mass vs the remaining 92 %), in which the upper body's motion stays smooth and
//!   the impact is the lower limb's deceleration (Liu & Nigg 2000, J Biomech 33:219: the upper
//!   body's mass barely changes the impact peak). The leg's and the support's stiffness and
//!   damping are assumptions (below).
//!
//! Both masses start and end at rest relative to the smooth gait, so the ground's extra impulse
//! tends to m₁·v₀ and the upper body's to zero as they settle (followed for `WINDOW_S`; the
//! remainder is reported by `ground_impulse` and tested). In the
//! engine the ground force enters the landing foot's ground reaction, m₁'s deceleration the
//! landing leg's momentum, and the leg force accelerates the rest of the body as one rigid body
//! (assumption: its joints are taken not to move in response; its pitch, from the landing
//! point's lever about its centre of mass, is most of what loads the lumbar levels):
//! `dynamics/impact.rs`. So the body's
//! momentum balance — and the top-down/bottom-up agreement at every lumbar level — holds at
//! every instant, and what reaches the lumbar levels is what the leg passes to the upper body.
//!
//! Sampling: the transient lasts ~10–30 ms, shorter than a frame (100 per cycle ≈ 11 ms). It is
//! integrated here at 20 µs and tabulated at 0.1 ms; `Engine::impact_summary` samples the
//! frames of the impact at 0.25 ms to report its peaks (`Summary::impact`).
//!
//! Left out, named: the smooth gait's vertical acceleration is fitted to force plates with 12
//! harmonics, which already carry the transient's impulse spread over the loading response, so
//! the model counts m₁·v₀ (≈ 1.4 N·s per step for the default adult) twice — 0.35 % of body
//! weight on average over a step; and the stress wave that carries part of the shock up the
//! skeleton faster than a rigid upper body (Light, McLellan & Klenerman 1980, J Biomech:
//! ~5 g at the tibia and ~0.5 g at the skull with hard heels) is not modelled.

/// Effective mass of a heel strike, % body mass: 6.3 % in barefoot walking, Chi & Schmitt 2005
/// (J Biomech 38:1387).
pub const EFFECTIVE_MASS_PCT: f64 = 6.3;
/// Downward velocity of the effective mass at contact, m/s (assumption: Chi & Schmitt 2005 report
/// heel-pad energies at contact from 0.24 J up, which with their 6.3 % effective mass of a ~70 kg
/// walker is ~0.33 m/s; no measured heel velocity was read).
pub const CONTACT_VELOCITY_MPS: f64 = 0.3;
/// The heel pad's stiffness, kN/m (assumption: no in-vivo value was read; with the defaults
/// below a barefoot heel strike decelerates the effective mass at ~5 g, the tibial transient
/// Light, McLellan & Klenerman 1980 measured with hard heels).
pub const HEEL_PAD_KN_PER_M: f64 = 150.0;
/// Midsole stiffness of a standard and a cushioned shoe, kN/m (assumptions: the cushioned value
/// is set so that the effective mass's deceleration is about half the barefoot one, as
/// resilient heels halved the transient in Light et al. 1980; no midsole stiffness was read).
pub const MIDSOLE_STANDARD_KN_PER_M: f64 = 200.0;
pub const MIDSOLE_CUSHIONED_KN_PER_M: f64 = 60.0;
/// The leg's stiffness between the effective mass and the upper body, kN/m (assumption; Chi &
/// Schmitt 2005 found the effective mass insensitive to it).
pub const LEG_KN_PER_M: f64 = 20.0;
/// The leg's series (tendon-like) spring, N/m, and damper, N·s/m (assumptions, chosen so the
/// effective mass settles within `WINDOW_S` instead of rattling on the leg spring).
const LEG_SERIES_N_PER_M: f64 = 20e3;
const LEG_DAMPING_NS_PER_M: f64 = 300.0;
/// The stance support of the rest of the body: stiffness, N/m, and damping ratio (assumptions,
/// critically damped so that the upper body's extra motion dies out after the impact).
const SUPPORT_N_PER_M: f64 = 20e3;
const SUPPORT_DAMPING_RATIO: f64 = 1.0;
/// Coefficient of restitution of the heel pad and sole, setting the Hunt–Crossley damping
/// (assumption: the heel pad dissipates much of the impact's energy).
const RESTITUTION: f64 = 0.5;
/// Integration step and table step, s; how long the transient is followed, s.
const STEP_S: f64 = 2e-5;
const TABLE_S: f64 = 1e-4;
pub const WINDOW_S: f64 = 0.3;

/// The impact's forces at one instant, for one foot (`Pose::impacts`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImpactLoad {
    /// Ground point where the foot lands (the heel, midfoot or forefoot), m.
    pub point: nalgebra::Vector3<f64>,
    /// Extra vertical ground force under the landing foot, N (upward): the heel pad and sole's
    /// push on m₁ plus the stance support's on m₂.
    pub ground_n: f64,
    /// Extra upward force on the rest of the body (leg and support), N.
    pub upper_n: f64,
    /// The effective mass, kg.
    pub m1: f64,
    /// Time since contact, s.
    pub since_contact_s: f64,
}

/// The two-mass impact, integrated once: ground and leg forces on a fine table.
#[derive(Clone, Debug)]
pub struct ImpactModel {
    /// The effective mass m₁ and the rest of the body m₂, kg.
    pub m1: f64,
    pub m2: f64,
    /// The ground path's series stiffness, N/m.
    pub stiffness: f64,
    /// [ground, upper body] force, N, every `TABLE_S` from contact.
    table: Vec<[f64; 2]>,
}

impl ImpactModel {
    /// `k_pad`, `k_midsole` (None: barefoot), `k_leg`: N/m; `v0`: m/s.
    pub fn new(m1: f64, m2: f64, k_pad: f64, k_midsole: Option<f64>, k_leg: f64, v0: f64) -> Self {
        let k = match k_midsole {
            Some(km) => k_pad * km / (k_pad + km),
            None => k_pad,
        };
        // Hunt–Crossley with n = 1: λ = 3(1 − e) / (2 v₀) gives restitution ≈ e for a single
        // mass (the classical approximation, hence with e an assumption).
        let lambda = if v0 > 0.0 { 1.5 * (1.0 - RESTITUTION) / v0 } else { 0.0 };
        let c_support = 2.0 * SUPPORT_DAMPING_RATIO * (SUPPORT_N_PER_M * m2).sqrt();
        // State: [z₁, v₁, z₂, v₂, w]: downward displacements and velocities relative to the
        // smooth gait (z₁ is the sole's compression) and the leg damper's extension.
        // Returns [pad on m₁, leg on m₂, support on m₂], upward.
        let forces = |s: &[f64; 5]| -> [f64; 3] {
            let pad = if s[0] > 0.0 { (k * s[0] * (1.0 + lambda * s[1])).max(0.0) } else { 0.0 };
            let stretch = s[0] - s[2];
            // The leg stretched (m₁ below m₂) pulls m₂ down.
            let leg = -(k_leg * stretch + LEG_SERIES_N_PER_M * (stretch - s[4]));
            let support = SUPPORT_N_PER_M * s[2] + c_support * s[3];
            [pad, leg, support]
        };
        let rate = |s: &[f64; 5]| -> [f64; 5] {
            let [pad, leg, support] = forces(s);
            let series = LEG_SERIES_N_PER_M * (s[0] - s[2] - s[4]);
            [s[1], (leg - pad) / m1, s[3], -(leg + support) / m2, series / LEG_DAMPING_NS_PER_M]
        };
        let mut s = [0.0, v0, 0.0, 0.0, 0.0];
        let per_entry = (TABLE_S / STEP_S).round() as usize;
        let n = (WINDOW_S / TABLE_S).round() as usize;
        let mut table = Vec::with_capacity(n + 1);
        for _ in 0..=n {
            let [pad, leg, support] = forces(&s);
            table.push([pad + support, leg + support]);
            for _ in 0..per_entry {
                // Classical RK4.
                let add = |a: &[f64; 5], b: &[f64; 5], h: f64| std::array::from_fn(|i| a[i] + h * b[i]);
                let k1 = rate(&s);
                let k2 = rate(&add(&s, &k1, 0.5 * STEP_S));
                let k3 = rate(&add(&s, &k2, 0.5 * STEP_S));
                let k4 = rate(&add(&s, &k3, STEP_S));
                s = std::array::from_fn(|i| {
                    s[i] + STEP_S / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])
                });
            }
        }
        ImpactModel { m1, m2, stiffness: k, table }
    }

    /// [ground, upper body] forces `tau` seconds after contact (linear between table entries); zero
    /// outside the followed window.
    pub fn at(&self, tau: f64) -> Option<[f64; 2]> {
        if !(0.0..WINDOW_S).contains(&tau) {
            return None;
        }
        let x = tau / TABLE_S;
        let i = (x.floor() as usize).min(self.table.len() - 2);
        let f = x - i as f64;
        let (a, b) = (self.table[i], self.table[i + 1]);
        Some([a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])])
    }

    /// The ground's extra impulse over the followed window, N·s (→ m₁·v₀ as the masses settle).
    pub fn ground_impulse(&self) -> f64 {
        self.table.iter().map(|f| f[0] * TABLE_S).sum()
    }

    /// The impulse on the upper body, N·s (→ 0).
    pub fn upper_impulse(&self) -> f64 {
        self.table.iter().map(|f| f[1] * TABLE_S).sum()
    }

    /// The effective mass's largest deceleration, m/s² (the tibial transient's stand-in).
    pub fn peak_deceleration(&self) -> f64 {
        self.table.iter().map(|f| (f[0] - f[1]) / self.m1).fold(0.0, f64::max)
    }

    /// Largest ground force, N, and when, s after contact.
    pub fn ground_peak(&self) -> (f64, f64) {
        self.table
            .iter()
            .enumerate()
            .fold((0.0, 0.0), |b, (i, f)| if f[0] > b.0 { (f[0], i as f64 * TABLE_S) } else { b })
    }
}
