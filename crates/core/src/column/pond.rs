//! The water ponded on an atmospheric surface as its own salt reservoir.

/// Salt in the water ponded on an atmospheric surface (mg/cm2), kept as its own reservoir as
/// HYDRUS-1D does (its surface water layer: the pond's concentration is that of the water that
/// fell on it, concentrated by evaporation; salt enters the soil only with the water that
/// infiltrates, by advection; Simunek et al. 2008, HYDRUS-1D manual section 2.5, and HYDRUS.FOR /
/// SOLUTE.FOR). Mixing the pond into the surface node instead let 3 % of the salt of a saline
/// clay diffuse up into 2 cm of rain water and come back into the top 10 cm later, 8 % low
/// there while ponded and 19 % high four days after (docs/hydrus-comparison.md, item 8).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct PondSalt {
    pub(super) mg_cm2: f64,
}

/// The water of one step at the surface (amounts over the step).
pub(super) struct PondStep {
    /// Ponded water at the start and the end of the step (cm).
    pub(super) pond_cm: (f64, f64),
    /// Rain and irrigation (cm) and the salt they bring (mg/cm2).
    pub(super) supply_cm: f64,
    pub(super) supply_salt_mg_cm2: f64,
    /// Water running off the pond (cm).
    pub(super) runoff_cm: f64,
    /// Water entering the soil from the surface (cm; negative out of it).
    pub(super) into_soil_cm: f64,
    /// Concentration of the surface node's soil water (g/L), for water leaving the soil into
    /// the pond.
    pub(super) soil_salt_g_l: f64,
}

/// Salt leaving the pond over one step (mg/cm2).
pub(super) struct PondSaltFluxes {
    pub(super) run_off_mg_cm2: f64,
    pub(super) into_soil_mg_cm2: f64,
}

impl PondSalt {
    /// Advances the pond's salt over one step. The pond's concentration over the step is that
    /// of its water at the start mixed with the step's supply (HYDRUS.FOR: cTop = (hT cTop + dt
    /// Prec cT) / (hT + dt Prec)); runoff and infiltration take it, evaporation takes none, and
    /// when the pond is gone its last salt has entered the soil. Without a pond (both ends dry)
    /// this is the supply's salt entering with the water that infiltrates.
    pub(super) fn step(&mut self, w: PondStep) -> PondSaltFluxes {
        let available = self.mg_cm2 + w.supply_salt_mg_cm2;
        let water = w.pond_cm.0 + w.supply_cm;
        let c_pond = if water > 0.0 { available / water } else { 0.0 };
        let run_off = (w.runoff_cm * c_pond).clamp(0.0, available);
        let into_soil = if w.pond_cm.1 <= 0.0 {
            available - run_off
        } else if w.into_soil_cm >= 0.0 {
            (w.into_soil_cm * c_pond).min(available - run_off)
        } else {
            w.into_soil_cm * w.soil_salt_g_l
        };
        self.mg_cm2 = available - run_off - into_soil;
        PondSaltFluxes {
            run_off_mg_cm2: run_off,
            into_soil_mg_cm2: into_soil,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(pond: &mut PondSalt, w: PondStep) -> (f64, f64) {
        let before = pond.mg_cm2 + w.supply_salt_mg_cm2;
        let f = pond.step(w);
        // Conservation to round-off: what was there and came in is still there or left.
        let after = pond.mg_cm2 + f.run_off_mg_cm2 + f.into_soil_mg_cm2;
        assert!((after - before).abs() <= 1e-12 * before.max(1.0));
        (f.run_off_mg_cm2, f.into_soil_mg_cm2)
    }

    /// Without a pond the supply's salt enters with the water; 2 cm of 3 g/L is 6 mg/cm2.
    #[test]
    fn without_a_pond_the_supply_salt_enters_the_soil() {
        let mut pond = PondSalt::default();
        let (off, into) = step(
            &mut pond,
            PondStep {
                pond_cm: (0.0, 0.0),
                supply_cm: 2.0,
                supply_salt_mg_cm2: 6.0,
                runoff_cm: 0.0,
                into_soil_cm: 1.5,
                soil_salt_g_l: 20.0,
            },
        );
        assert_eq!((off, into, pond.mg_cm2), (0.0, 6.0, 0.0));
    }

    /// A pond of 2 cm at 1 g/L takes 1 cm of 4 g/L rain (3 cm at 2 g/L), loses 0.5 cm to
    /// runoff (1 mg/cm2) and 1 cm to the soil (2 mg/cm2), and evaporates 0.5 cm without salt:
    /// 1 cm stays with the remaining 3 mg/cm2 (3 g/L). When it is gone, its salt is in the soil.
    #[test]
    fn a_pond_keeps_its_own_concentration_and_empties_into_the_soil() {
        let mut pond = PondSalt { mg_cm2: 2.0 };
        let (off, into) = step(
            &mut pond,
            PondStep {
                pond_cm: (2.0, 1.0),
                supply_cm: 1.0,
                supply_salt_mg_cm2: 4.0,
                runoff_cm: 0.5,
                into_soil_cm: 1.0,
                soil_salt_g_l: 20.0,
            },
        );
        assert!((off - 1.0).abs() < 1e-12 && (into - 2.0).abs() < 1e-12);
        assert!((pond.mg_cm2 - 3.0).abs() < 1e-12);
        let (off, into) = step(
            &mut pond,
            PondStep {
                pond_cm: (1.0, 0.0),
                supply_cm: 0.0,
                supply_salt_mg_cm2: 0.0,
                runoff_cm: 0.0,
                into_soil_cm: 0.8,
                soil_salt_g_l: 20.0,
            },
        );
        assert_eq!(off, 0.0);
        assert!((into - 3.0).abs() < 1e-12 && pond.mg_cm2 == 0.0);
    }
}
