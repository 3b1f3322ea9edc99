//! Reference evapotranspiration, FAO-56 Penman-Monteith (Allen et al. 1998). Filled in by the ET0 work.
