//! Trunk muscles, fascicle by fascicle, per side.
//!
//! The erector spinae, the psoas and the multifidus: AnyBody's lumbar model (de Zee et al.
//! 2007, J Biomech 40:1219, the model Arshad et al. 2018 walked), their fascicles and
//! cross-sections in `anybody_erector.rs` (twenty-nine: longissimus thoracis and iliocostalis
//! lumborum, each in its pars lumborum and pars thoracis, the thoracic fascicles with a via point
//! on every vertebra they pass), `anybody_psoas.rs` (eleven, continued below the pelvis by
//! gait2392's brim and femur points) and `anybody_multifidus.rs` (nineteen). The quadratus
//! lumborum: the Christophy et al. 2012 lumbar spine model (Biomech Model Mechanobiol 11:19),
//! its attachment points in `christophy_lumbar.rs`, one fascicle per vertebra plus one to the
//! rib. Both sources are mapped onto Lumbus's frames by `SpineMap`. Paths are straight between
//! attachments and via points (Christophy wraps iliocostalis over cylinders, AnyBody the psoas
//! over the brim: not modelled). The thoracic points of the erectors sit on Lumbus's one rigid
//! thorax, which is carried by L1: no piece between them crosses a joint, so only the lumbar
//! via points and the pelvic ends shape the loads.
//!
//! Still assumed: the abdominals' points (placed from standard anatomy: lower ribs, pubis,
//! inguinal ligament, iliac crest) and cross-sections (cm², force = area × max stress).
//!
//! History, each change measured on normal walking (`examples/shear_decomposition.rs`):
//! - The psoas once ran straight from Christophy's vertebral points to the brim (two points per
//!   fascicle in MyoTorso, its assumed areas 2.0/2.5/3.0/3.5/3.5 cm² for L1 … L5), so the upper
//!   fascicles cut across the lordosis. AnyBody's run down the spine through a point on every
//!   vertebra below, as the muscle lies along the vertebral bodies. With them (2026-11-22), L4–L5
//!   AP shear fell from 0.287 to 0.268 BW, compression rose from 1.60 to 1.69 BW, hip contact
//!   stayed at 3.47 BW (fast walking 4.30 → 4.49: the psoas now pulls at heel strike), and L5–S1
//!   compression's correlation with OpenSim's gait2392 reconstruction went from 0.57 to 0.77.
//!   AnyBody's areas total 14.6 cm², 1463 N at 100 N/cm², close to the 1427 N of Rajagopal et
//!   al. 2016's model.
//! - The multifidus was one fascicle per vertebra from Christophy's spinous point to the mean of
//!   that vertebra's sacral and iliac points, with assumed cross-sections 0.8 / 1.0 / 1.2 / 1.5 /
//!   1.5 cm² (6.0 in all): each crossed every level below it. AnyBody's nineteen fascicles (14.07
//!   cm²) run from the laminae and spinous processes one to five levels down, the largest from
//!   L3–L5 back to the dorsal sacrum. With them (2026-11-22), L4–L5 AP shear fell from 0.268 to
//!   0.180 BW (slow 0.205 → 0.138, fast 0.338 → 0.226): at the peak the multifidus pulled the
//!   upper body back by 0.12 BW instead of 0.01; compression 1.69 → 1.57 BW.
//! - The erector spinae was Christophy's, lumped to one fascicle per vertebra for longissimus
//!   (five) and iliocostalis (four) pars lumborum, plus one thoracic fascicle each (longissimus
//!   from the 8th rib through L2–L4 to the sacrum, iliocostalis from the 8th rib through L2 to
//!   the iliac crest), with assumed cross-sections (4.4, 5.0, 5.0 and 3.0 cm²). AnyBody's
//!   twenty-nine fascicles (27.89 cm²) took their place (2026-11-22): L4–L5 AP shear 0.180 →
//!   0.062 BW (slow 0.138 → 0.043, fast 0.226 → 0.105), now inside Arshad's 2–15 %BW, the
//!   iliocostalis and longissimus pulling the upper body back across the disc where the lumped
//!   thoracic fascicles did not; compression 1.57 → 1.46 BW (slow 1.25 → 1.12, fast 2.07 →
//!   1.95); L5–S1 compression 1.79 → 1.60 BW; hip contact 3.46 BW, unchanged; a 15 % BW
//!   backpack's L5–S1 change +1.8 → +9.2 % (30 %: +48.3 → +55.4 %; Goh measured +26.7 and
//!   +64 %); the correlations with OpenSim's gait2392 reconstruction 0.755 → 0.81 (L5–S1
//!   compression) and 0.76 → 0.85 (erector spinae); Arshad's muscles three of eight in range
//!   before and after (iliocostalis thoracis 8.3 → 9.6 %BW against 11–23, longissimus lumborum
//!   9.3 → 10.3 against 11–19, iliocostalis lumborum 3.7 → 9.7 against 14–31, multifidus 37.6 →
//!   26.2 against 12–17). The model has 218 muscles since.

use super::anybody_erector as abe;
use super::anybody_multifidus as abm;
use super::anybody_psoas as abp;
use super::christophy_lumbar::{self as chr, Body, Site};
use super::muscle::{Attachment, Muscle, MuscleGroup};
use super::segment::{PELVIS, SIDE_SIGN, THORAX, VERTEBRA};
use super::spine::{BODY_HEIGHT_MM, DISC_HEIGHT_MM};
use nalgebra::{Rotation3, Vector3};

/// Abdominal points in the pelvis frame proper, right side (assumptions, see above).
///
/// Christophy's own obliques were tried (2026-11-22), not kept: six fascicles each from
/// MyoTorso (`myotorso_chain.xml` commit 369d1032, sites of `EO1`–`EO6` and `IO1`–`IO6`; maximum
/// forces 830 and 721 N in all, `myotorso_muscle.xml` commit ffd2219), their abdominal-wall
/// points on MyoTorso's `Abdomen` body (a child of lumbar5 turned by 0.6429 of the lumbar
/// flexion) taken as fixed to L5. L4–L5 AP shear 0.268 → 0.309 BW, compression 1.69 → 1.86 BW,
/// Arshad's external oblique 13 → 27 %BW (12–16) and internal 12 → 7 (17–25), the 15 % BW
/// backpack's L5–S1 change −0.4 → −8.4 %. MyoTorso's rectus abdominis wraps a cylinder on the
/// torso and its right-side sites carry the left side's sign of Z, so it was left as it is.
const PUBIS: Vector3<f64> = Vector3::new(-0.015, -0.085, 0.020);
const INGUINAL: Vector3<f64> = Vector3::new(0.000, -0.030, 0.090);
const ILIAC_CREST_ANT: Vector3<f64> = Vector3::new(-0.030, 0.030, 0.120);

/// Abdominal points on the thorax, in its frame (origin at the thoracolumbar joint), right side
/// (assumptions).
const RIB_RECTUS: Vector3<f64> = Vector3::new(0.140, 0.100, 0.045);
const RIB_EXT_OBLIQUE: Vector3<f64> = Vector3::new(0.060, 0.080, 0.130);
const RIB_INT_OBLIQUE: Vector3<f64> = Vector3::new(0.100, 0.020, 0.080);

/// Quadratus lumborum cross-sections, cm²: each vertebra L1 … L4 to the iliac crest, and the
/// 12th rib to the iliac crest — AnyBody's (`QLL1_CI` … `QLL4_CI`, `QLC12_CI` in AnyBody/ammr
/// `Body/AAUHuman/Trunk/Default_MuscleParametersSpineSimpleRight.any`, commit 444d97c), on
/// Christophy's lines. Until 2026-11-22 they were assumed (0.5 each, 1.5 to the rib); with
/// AnyBody's the loads moved by 0.01 BW or less (a 15 % BW backpack's L5–S1 change +9.2 →
/// +8.9 %).
///
/// The abdominals' cross-sections stay assumed. AnyBody's (same file) tried the same day, not
/// kept: rectus abdominis 2.6 cm² scaled by 0.87 × 3 in that file (6.79), each oblique six
/// fascicles of 2.6 × 0.4 (6.24 in all) — factors for its own multi-fascicle geometry, not
/// areas for one line each as here; the loads moved by 0.01 BW or less, rectus abdominis's peak
/// from 3.9 to 7.3 %BW (Arshad 0–8).
///
/// Tried before the erector spinae was AnyBody's (2026-11-22, with Christophy's lumped
/// erectors, not kept): Christophy's own maximum forces as MyoTorso stores them (MyoHub/myo_sim
/// `torso/assets/myotorso_muscle.xml`, commit ffd2219; lower than any area set here, about
/// 46 N/cm² × AnyBody's areas), and AnyBody's areas on Christophy's lumped erectors. Either
/// way a 15 % BW backpack then lowered the L5–S1 peak (−2.4 to −3.5 %), and with Christophy's
/// forces L5's multifidus and longissimus saturated at heel strike.
const QUADRATUS_LUMBORUM_CM2: [f64; 4] = [0.88, 0.80, 0.75, 0.70];
const QUADRATUS_RIB_CM2: f64 = 1.28;
/// Abdominal cross-sections, cm² (assumptions, see above).
const RECTUS_ABDOMINIS_CM2: f64 = 3.0;
const EXTERNAL_OBLIQUE_CM2: f64 = 7.5;
const INTERNAL_OBLIQUE_CM2: f64 = 7.5;

/// Everything a trunk muscle needs to know about the subject.
pub struct TrunkFrame {
    /// Centre of the S1 endplate in the pelvis frame.
    pub s1: Vector3<f64>,
    /// Length scale relative to 1.75 m.
    pub scale: f64,
    /// Force per cm² of cross-section, N.
    pub stress: f64,
    /// Forward tilt of L5's axis from the pelvis's Y axis in neutral standing, rad (sacral slope
    /// less the L5–S1 lordosis).
    pub l5_tilt: f64,
    /// Rotation (about Z) from L1 to the thorax, rad (`Model::thoracolumbar_offset`).
    pub thoracolumbar_offset: f64,
    /// The psoas's path from the pelvic brim to the femur: (pelvis point, femur points), right side.
    pub psoas_brim: Vector3<f64>,
    pub psoas_femur: Vec<Vector3<f64>>,
    pub femur: [usize; 2],
}

fn mirror(p: Vector3<f64>, side: usize) -> Vector3<f64> {
    Vector3::new(p.x, p.y, p.z * SIDE_SIGN[side])
}

fn rot_z(a: f64) -> Rotation3<f64> {
    Rotation3::from_axis_angle(&Vector3::z_axis(), a)
}

/// Maps a source model's lumbar points onto Lumbus's segment frames. Each vertebra is placed by
/// its two joint centres in the source's neutral posture: they are taken as disc centres (the
/// psoas's disc attachments lie at their level), the body centre half-way between them and the
/// vertebra's axis (Lumbus's Y) along the line joining them. A point on a vertebra keeps its
/// place relative to that vertebra; points on the sacrum keep theirs relative to L5 in neutral
/// standing (rotated about the L5–S1 joint so the source's L5 axis matches Lumbus's); torso
/// points move with L1. Lengths are scaled so the source's L5–S1 to L1–L2 chain matches Lumbus's
/// (disc and body heights, `spine.rs`).
struct SpineMap {
    /// Joint with the body below of lumbar k (index k−1), and L1's upper joint, common frame.
    joint: [Vector3<f64>; 6],
    centre: [Vector3<f64>; 5],
    /// Forward tilt of each vertebra's axis, rad, index k−1.
    tilt: [f64; 5],
    scale: f64,
    pelvis_rot: Rotation3<f64>,
    s1: Vector3<f64>,
    l1_half_height: f64,
    thorax_rot: Rotation3<f64>,
}

impl SpineMap {
    /// Christophy's model (`christophy_lumbar.rs`). Lumbar1's upper joint (T12–L1) is not in the
    /// file: L1 is assumed as long as L2 and tilted like it (assumption); the torso is welded to
    /// lumbar1 in the source.
    fn christophy(f: &TrunkFrame) -> SpineMap {
        let v2 = |p: [f64; 2]| Vector3::new(p[0], p[1], 0.0);
        // joint[4] = lumbar5 in the sacrum, then up the chain.
        let mut joint = [Vector3::zeros(); 6];
        joint[4] = v2(chr::LUMBAR_IN_PARENT[4]);
        for k in (0..4).rev() {
            joint[k] = joint[k + 1] + v2(chr::LUMBAR_IN_PARENT[k]);
        }
        // Assumption: L1 repeats L2's length and tilt.
        joint[5] = joint[0] + (joint[0] - joint[1]);
        SpineMap::from_joints(joint, f)
    }

    /// AnyBody's trunk dataset (`anybody_psoas.rs`), whose points are all in one frame.
    fn anybody(f: &TrunkFrame) -> SpineMap {
        let v2 = |k: usize| Vector3::new(abp::JOINTS[k][0], abp::JOINTS[k][1], 0.0);
        SpineMap::from_joints([v2(1), v2(2), v2(3), v2(4), v2(5), v2(0)], f)
    }

    fn from_joints(joint: [Vector3<f64>; 6], f: &TrunkFrame) -> SpineMap {
        let up = |k: usize| if k == 0 { joint[5] } else { joint[k - 1] };
        let centre = std::array::from_fn(|k| 0.5 * (joint[k] + up(k)));
        let tilt = std::array::from_fn(|k| {
            let a = up(k) - joint[k];
            a.x.atan2(a.y)
        });
        // Chain length L5–S1 to L1–L2 disc centres: the source's, and Lumbus's at 1.75 m.
        let theirs: f64 = (0..4).map(|k| (up(k + 1) - joint[k + 1]).norm()).sum();
        let ours: f64 =
            (1..5).map(|k| 0.5 * DISC_HEIGHT_MM[k - 1] + BODY_HEIGHT_MM[k] + 0.5 * DISC_HEIGHT_MM[k]).sum();
        let scale = ours * 1e-3 / theirs * f.scale;
        SpineMap {
            joint,
            centre,
            tilt,
            scale,
            pelvis_rot: rot_z(-(f.l5_tilt - tilt[4])),
            s1: f.s1,
            l1_half_height: 0.5 * BODY_HEIGHT_MM[0] * 1e-3 * f.scale,
            thorax_rot: rot_z(-f.thoracolumbar_offset),
        }
    }

    /// Christophy's site in its common (sacrum) frame (only for the map built by `christophy`).
    fn common(&self, s: &Site) -> Vector3<f64> {
        let p = Vector3::from(s.pos);
        match s.body {
            Body::Sacrum => p,
            Body::Lumbar(k) => self.joint[k - 1] + p,
            Body::Torso => {
                self.joint[0] + Vector3::new(chr::TORSO_IN_LUMBAR1[0], chr::TORSO_IN_LUMBAR1[1], 0.0) + p
            }
        }
    }

    /// A point on lumbar k in that vertebra's Lumbus frame (before mirroring).
    fn on_vertebra(&self, k: usize, p: Vector3<f64>) -> Vector3<f64> {
        rot_z(self.tilt[k - 1]) * (p - self.centre[k - 1]) * self.scale
    }

    /// A point of the common frame fixed in `body`, as a Lumbus attachment, right side.
    fn place(&self, body: Body, p: Vector3<f64>) -> Attachment {
        match body {
            Body::Sacrum => Attachment {
                segment: PELVIS,
                point: self.s1 + self.pelvis_rot * (p - self.joint[4]) * self.scale,
            },
            Body::Lumbar(k) => Attachment { segment: VERTEBRA[5 - k], point: self.on_vertebra(k, p) },
            Body::Torso => {
                let q = self.on_vertebra(1, p) - Vector3::new(0.0, self.l1_half_height, 0.0);
                Attachment { segment: THORAX, point: self.thorax_rot * q }
            }
        }
    }

    /// Christophy's site as a Lumbus attachment, right side.
    fn site(&self, s: &Site) -> Attachment {
        self.place(s.body, self.common(s))
    }
}

/// The muscle an AnyBody erector fascicle belongs to, by the prefix of its source name: the
/// longissimus thoracis and the iliocostalis lumborum, each in its pars lumborum and pars
/// thoracis. Named here as Arshad et al. 2018 name the four parts (longissimus lumborum and
/// thoracis, iliocostalis lumborum and thoracis), whose peak forces the validation compares.
fn erector_part(name: &str) -> &'static str {
    [
        ("LTpl", "longissimus_lumborum"),
        ("LTpt", "longissimus_thoracis"),
        ("ILpl", "iliocostalis_lumborum"),
        ("ILpt", "iliocostalis_thoracis"),
    ]
    .iter()
    .find(|(prefix, _)| name.starts_with(prefix))
    .map(|(_, part)| *part)
    .expect("every AnyBody erector fascicle's name starts with its part")
}

pub fn trunk_muscles(f: &TrunkFrame, strength: impl Fn(MuscleGroup) -> f64) -> Vec<Muscle> {
    let map = SpineMap::christophy(f);
    let anybody = SpineMap::anybody(f);
    let mut out = Vec::new();
    let names = ["L1", "L2", "L3", "L4", "L5"];
    for side in 0..2 {
        let sfx = if side == 0 { "r" } else { "l" };
        let mirrored = |a: Attachment| Attachment { segment: a.segment, point: mirror(a.point, side) };
        let site = |s: &Site| mirrored(map.site(s));
        let at = |segment: usize, p: Vector3<f64>| Attachment { segment, point: mirror(p, side) * f.scale };
        let mut add = |name: String, group: MuscleGroup, cm2: f64, path: Vec<Attachment>| {
            out.push(Muscle {
                name,
                group,
                side,
                max_force: cm2 * f.stress * strength(group),
                path,
                knee_arm: None,
            });
        };
        // An AnyBody fascicle's points, each on its body, as Lumbus attachments on this side.
        let anybody_path = |fascicle: &abp::Fascicle| -> Vec<Attachment> {
            fascicle.path.iter().map(|(body, p)| mirrored(anybody.place(*body, Vector3::from(*p)))).collect()
        };
        for fascicle in &abm::FASCICLES {
            add(
                format!("multifidus_{}_{sfx}", fascicle.name),
                MuscleGroup::Multifidus,
                fascicle.pcsa_cm2,
                anybody_path(fascicle),
            );
        }
        for fascicle in &abe::FASCICLES {
            add(
                format!("{}_{}_{sfx}", erector_part(fascicle.name), fascicle.name),
                MuscleGroup::ErectorSpinae,
                fascicle.pcsa_cm2,
                anybody_path(fascicle),
            );
        }
        for i in 0..4 {
            add(
                format!("quadratus_lumborum_{}_{sfx}", names[i]),
                MuscleGroup::QuadratusLumborum,
                QUADRATUS_LUMBORUM_CM2[i],
                chr::QUADRATUS_LUMBORUM[i].iter().map(site).collect(),
            );
        }
        // The psoas runs down the spine (AnyBody's points), then bends over the pelvic brim to
        // the lesser trochanter (gait2392's).
        for fascicle in &abp::FASCICLES {
            let mut path = anybody_path(fascicle);
            path.push(Attachment { segment: PELVIS, point: mirror(f.psoas_brim, side) });
            path.extend(
                f.psoas_femur.iter().map(|p| Attachment { segment: f.femur[side], point: mirror(*p, side) }),
            );
            add(format!("psoas_{}_{sfx}", fascicle.name), MuscleGroup::Psoas, fascicle.pcsa_cm2, path);
        }
        add(
            format!("quadratus_lumborum_rib_{sfx}"),
            MuscleGroup::QuadratusLumborum,
            QUADRATUS_RIB_CM2,
            chr::QUADRATUS_RIB.iter().map(site).collect(),
        );
        add(
            format!("rectus_abdominis_{sfx}"),
            MuscleGroup::Abdominals,
            RECTUS_ABDOMINIS_CM2,
            vec![at(THORAX, RIB_RECTUS), at(PELVIS, PUBIS)],
        );
        add(
            format!("external_oblique_{sfx}"),
            MuscleGroup::Abdominals,
            EXTERNAL_OBLIQUE_CM2,
            vec![at(THORAX, RIB_EXT_OBLIQUE), at(PELVIS, INGUINAL)],
        );
        add(
            format!("internal_oblique_{sfx}"),
            MuscleGroup::Abdominals,
            INTERNAL_OBLIQUE_CM2,
            vec![at(PELVIS, ILIAC_CREST_ANT), at(THORAX, RIB_INT_OBLIQUE)],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> TrunkFrame {
        TrunkFrame {
            s1: Vector3::zeros(),
            scale: 1.0,
            stress: 100.0,
            l5_tilt: 0.4,
            thoracolumbar_offset: -0.14,
            psoas_brim: Vector3::zeros(),
            psoas_femur: vec![],
            femur: [7, 10],
        }
    }

    /// Both sources' joint centres land on Lumbus's disc centres: each vertebra's lower and upper
    /// joint on its Y axis, at Lumbus's half-lengths (half the body and half the disc) within 3 mm.
    #[test]
    fn joint_centres_land_on_disc_centres() {
        for map in [SpineMap::christophy(&frame()), SpineMap::anybody(&frame())] {
            joints_on_disc_centres(&map);
        }
    }

    fn joints_on_disc_centres(map: &SpineMap) {
        for k in 2..=5 {
            let lower = map.on_vertebra(k, map.joint[k - 1]);
            let upper = map.on_vertebra(k, map.joint[k - 2]);
            // Lumbar k's disc below is level k−1 (L5–S1 is 4), above level k−2.
            let half = |disc: f64| 1e-3 * 0.5 * (BODY_HEIGHT_MM[k - 1] + disc);
            assert!(lower.x.abs() < 1e-9 && upper.x.abs() < 1e-9, "L{k}: {lower:?} {upper:?}");
            assert!((lower.y + half(DISC_HEIGHT_MM[k - 1])).abs() < 3e-3, "L{k} lower {lower:?}");
            assert!((upper.y - half(DISC_HEIGHT_MM[k - 2])).abs() < 3e-3, "L{k} upper {upper:?}");
        }
    }

    /// The back muscles attach behind the vertebral bodies and the psoas beside them (AnyBody's
    /// body fascicles up to 26 mm in front of the body's centre, its transverse-process ones up
    /// to 17 mm behind).
    #[test]
    fn back_muscles_attach_behind_the_bodies() {
        let muscles = trunk_muscles(&frame(), |_| 1.0);
        for m in muscles.iter().filter(|m| m.side == 0) {
            for a in m.path.iter().filter(|a| VERTEBRA.contains(&a.segment)) {
                let behind = a.point.x < -0.01;
                match m.group {
                    MuscleGroup::Psoas => {
                        assert!(a.point.x.abs() < 0.03 && a.point.z > 0.015, "{} at {:?}", m.name, a.point)
                    }
                    _ => assert!(behind, "{} at {:?}", m.name, a.point),
                }
            }
        }
    }
}
