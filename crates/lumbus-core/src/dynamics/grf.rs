//! Ground reaction forces from whole-body momentum, shared between the feet.

use super::wrench::Wrench;
use crate::gait::Contact;
use nalgebra::Vector3;

/// One foot's ground reaction: force, centre of pressure on the ground, free moment about Y.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FootLoad {
    pub force: Vector3<f64>,
    pub cop: Vector3<f64>,
    pub free_moment: f64,
}

impl FootLoad {
    /// As a wrench with its moment about the world origin.
    pub fn wrench(&self) -> Wrench {
        Wrench {
            force: self.force,
            moment: self.cop.cross(&self.force) + Vector3::new(0.0, self.free_moment, 0.0),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GroundReaction {
    pub feet: [FootLoad; 2],
}

/// The ground reaction is the whole body's momentum rate less gravity (`total`, moments about
/// the origin). Each foot takes its share of the vertical force and of the free moment. In the
/// sagittal plane the two feet's forces are directed at one point at the height of the body's
/// centre of mass (`com_height`), placed fore-aft so that they add up to the total: in double
/// support the leading foot brakes and the trailing one pushes, as measured, instead of both
/// carrying a slice of the same force. Legs pushing along the line from the foot towards the
/// centre of mass are the bipedal spring-mass model's (Geyer, Seyfarth & Blickhan 2006, Proc R
/// Soc B 273:2861); measured walking forces point at a virtual pivot close above the centre of
/// mass (Maus et al. 2010, J Theor Biol) — the pivot's height is an assumption. Sideways each
/// foot takes its share. Both centres of pressure start at the feet's contact points and shift
/// together by the one horizontal offset that makes the moments balance exactly; in single
/// support that is the dynamic centre of pressure.
pub fn ground_reaction(
    total: &Wrench,
    contacts: &[Contact; 2],
    com_height: f64,
) -> Result<GroundReaction, String> {
    let f = total.force;
    if f.y <= 1e-6 {
        return Err(format!("the ground would have to pull the body down (vertical force {:.1} N)", f.y));
    }
    // The pivot's fore-aft place: Σ share·Fy·(px − cx)/h = Fx.
    let centre_x: f64 = contacts.iter().map(|c| c.share * c.point.x).sum();
    let pivot_x = centre_x + f.x * com_height / f.y;
    let mut feet = [FootLoad::default(); 2];
    let mut residual = total.moment;
    for (foot, c) in feet.iter_mut().zip(contacts) {
        let vertical = f.y * c.share;
        foot.force = Vector3::new(vertical * (pivot_x - c.point.x) / com_height, vertical, f.z * c.share);
        foot.cop = c.point;
        residual -= c.point.cross(&foot.force);
    }
    // d × F + T·ŷ = residual with d = (dx, 0, dz): x: −dz·Fy, z: dx·Fy, y: dz·Fx − dx·Fz + T.
    let dz = -residual.x / f.y;
    let dx = residual.z / f.y;
    let free = residual.y - (dz * f.x - dx * f.z);
    for (foot, c) in feet.iter_mut().zip(contacts) {
        foot.cop += Vector3::new(dx, 0.0, dz);
        foot.free_moment = free * c.share;
    }
    Ok(GroundReaction { feet })
}
