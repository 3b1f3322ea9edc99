//! What a column run needs, already validated by the `scenario` crate.
//!
//! These types are the contract between the front ends and the solver: the scenario crate maps
//! a TOML file onto a [`ColumnSpec`] and drives the run with [`Forcing`] intervals.
//!
//! # Units
//! Depth in cm (positive downward from the surface), time in days, heads in cm of water,
//! water fluxes in cm/d, salt concentration in g/L (= mg/cm3), dispersivity in cm,
//! diffusion in cm2/d.

use crate::soil::SoilHydraulics;

/// One soil layer, from the bottom of the layer above (or the surface) to `bottom_cm`.
#[derive(Clone, Debug, PartialEq)]
pub struct SoilLayer {
    /// Depth of the bottom of this layer (cm).
    pub bottom_cm: f64,
    /// Hydraulic model and parameters.
    pub hydraulics: SoilHydraulics,
    /// Longitudinal dispersivity (cm).
    pub dispersivity_cm: f64,
}

/// Initial water state.
#[derive(Clone, Debug, PartialEq)]
pub enum InitialWater {
    /// The same pressure head (cm) everywhere.
    Head(f64),
    /// Hydrostatic equilibrium with the bottom boundary's head or water table.
    Equilibrium,
    /// Pressure head (cm) at depths (cm), linear between points, constant beyond the ends.
    HeadProfile(Vec<(f64, f64)>),
    /// The same volumetric water content everywhere.
    Theta(f64),
}

/// Initial salt state.
#[derive(Clone, Debug, PartialEq)]
pub enum InitialSalt {
    /// Soil-solution concentration (g/L) everywhere.
    Concentration(f64),
    /// ECe of the saturation extract (dS/m) everywhere; converted with the initial water content.
    Ece(f64),
    /// Soil-solution concentration (g/L) at depths (cm), linear between points.
    ConcentrationProfile(Vec<(f64, f64)>),
    /// ECe (dS/m) at depths (cm), linear between points.
    EceProfile(Vec<(f64, f64)>),
}

/// Upper boundary condition (INTERFACES section 3, "Water flow").
#[derive(Clone, Debug, PartialEq)]
pub enum TopBoundary {
    /// Rain and irrigation in, potential evaporation out; the surface switches to a head
    /// condition at `h_crit_cm` (too dry to deliver the demand) or when ponding exceeds
    /// `max_ponding_cm` (surplus becomes runoff).
    Atmospheric {
        /// Minimum surface pressure head (cm), e.g. -15000.
        h_crit_cm: f64,
        /// Maximum depth of water on the surface (cm) before runoff.
        max_ponding_cm: f64,
    },
    /// Fixed pressure head at the surface; water entering carries `salt_g_l`.
    ConstantHead {
        /// Surface head (cm).
        head_cm: f64,
        /// Concentration of water entering (g/L).
        salt_g_l: f64,
    },
    /// Prescribed flux, positive downward (cm/d); water entering carries `salt_g_l`.
    Flux {
        /// Flux into the soil (cm/d), negative for an upward (evaporative) flux.
        flux_cm_d: f64,
        /// Concentration of water entering (g/L).
        salt_g_l: f64,
    },
}

/// Lower boundary condition.
#[derive(Clone, Debug, PartialEq)]
pub enum BottomKind {
    /// Unit gradient: outflow = K(h) at the bottom.
    FreeDrainage,
    /// Fixed pressure head (cm) at the bottom node.
    ConstantHead {
        /// Head (cm).
        head_cm: f64,
    },
    /// No flow.
    ZeroFlux,
    /// Water table at `depth_cm` below the surface: the bottom head is `depth_cm - depth_cm(bottom)`
    /// plus nothing else (hydrostatic), so it follows the given depth.
    WaterTable {
        /// Depth of the water table below the surface (cm).
        depth_cm: f64,
    },
}

/// Lower boundary: hydraulic kind and the salt carried by water entering from below.
#[derive(Clone, Debug, PartialEq)]
pub struct BottomBoundary {
    /// Hydraulic condition.
    pub kind: BottomKind,
    /// Concentration of water entering from below (g/L).
    pub salt_g_l: f64,
}

/// Tortuosity model for molecular diffusion in the liquid phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tortuosity {
    /// Millington & Quirk (1961): tau = theta^(7/3) / theta_s^2.
    MillingtonQuirk,
    /// tau = 1.
    None,
}

/// Solute transport parameters common to all layers.
#[derive(Clone, Debug, PartialEq)]
pub struct TransportSpec {
    /// Molecular diffusion coefficient in free water (cm2/d).
    pub molecular_diffusion_cm2_d: f64,
    /// Tortuosity model.
    pub tortuosity: Tortuosity,
}

/// Feddes et al. (1978) water-stress heads (cm) and the transpiration rates at which the
/// high- and low-demand h3 apply.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Feddes {
    /// Anaerobiosis point: no uptake at wetter heads.
    pub h1_cm: f64,
    /// Start of optimal uptake.
    pub h2_cm: f64,
    /// End of optimal uptake at high demand.
    pub h3_high_cm: f64,
    /// End of optimal uptake at low demand.
    pub h3_low_cm: f64,
    /// Wilting point: no uptake at drier heads.
    pub h4_cm: f64,
    /// Potential transpiration (cm/d) at and above which `h3_high_cm` applies (0.5 in HYDRUS).
    pub tp_high_cm_d: f64,
    /// Potential transpiration (cm/d) at and below which `h3_low_cm` applies (0.1 in HYDRUS).
    pub tp_low_cm_d: f64,
}

/// Vertical distribution of root water uptake within the current rooting depth.
#[derive(Clone, Debug, PartialEq)]
pub enum RootDistribution {
    /// Equal weight from the surface to the rooting depth.
    Uniform,
    /// Weight falling linearly from the surface to zero at the rooting depth.
    Linear,
    /// Weights at depths (cm), linear between points and zero below the rooting depth.
    Table(Vec<(f64, f64)>),
}

/// Salinity stress on root water uptake.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SaltStress {
    /// No salinity stress.
    None,
    /// Maas & Hoffman (1977) threshold (dS/m) and slope (% per dS/m).
    MaasHoffman {
        /// Threshold (dS/m).
        threshold_ds_m: f64,
        /// Slope (% per dS/m).
        slope_pct_per_ds_m: f64,
    },
    /// van Genuchten (1987) S-shape with EC50 (dS/m) and exponent.
    SShape {
        /// EC at which uptake is halved (dS/m).
        ec50_ds_m: f64,
        /// Exponent p.
        exponent: f64,
    },
}

/// Which conductivity the salinity stress function is evaluated on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaltStressBasis {
    /// ECe of the saturation extract (the basis of Maas-Hoffman tables).
    Ece,
    /// EC of the soil solution itself, c / 0.64.
    SoilSolution,
}

/// A plant's root water uptake parameters (the rooting depth comes with the forcing, so it can
/// grow over a season and over years).
#[derive(Clone, Debug, PartialEq)]
pub struct PlantSpec {
    /// Water-stress function.
    pub feddes: Feddes,
    /// Root distribution.
    pub root_distribution: RootDistribution,
    /// Salinity-stress function.
    pub salt_stress: SaltStress,
    /// Conductivity basis of the salinity stress.
    pub salt_stress_basis: SaltStressBasis,
}

/// Everything the solver needs to build a column.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnSpec {
    /// Depth of the column (cm).
    pub depth_cm: f64,
    /// Least number of nodes; the solver refines beyond this where it must.
    pub min_nodes: usize,
    /// Soil layers top to bottom, contiguous, the last reaching `depth_cm`.
    pub layers: Vec<SoilLayer>,
    /// Initial water state.
    pub initial_water: InitialWater,
    /// Initial salt state.
    pub initial_salt: InitialSalt,
    /// Upper boundary.
    pub top: TopBoundary,
    /// Lower boundary.
    pub bottom: BottomBoundary,
    /// Transport parameters.
    pub transport: TransportSpec,
    /// Root water uptake, if a plant grows.
    pub plant: Option<PlantSpec>,
    /// TDS-to-EC factor, g/L per dS/m (0.64 by default).
    pub tds_g_l_per_ds_m: f64,
}

/// Forcing rates, constant over one call of [`super::Column::advance`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Forcing {
    /// Precipitation (cm/d).
    pub precip_cm_d: f64,
    /// Irrigation (cm/d).
    pub irrigation_cm_d: f64,
    /// Salt concentration of irrigation water (g/L).
    pub irrigation_salt_g_l: f64,
    /// Salt concentration of rain (g/L), usually 0.
    pub precip_salt_g_l: f64,
    /// Potential soil evaporation (cm/d).
    pub pot_evap_cm_d: f64,
    /// Potential transpiration (cm/d).
    pub pot_transp_cm_d: f64,
    /// Rooting depth (cm) over the interval; 0 with no plant.
    pub root_depth_cm: f64,
}
