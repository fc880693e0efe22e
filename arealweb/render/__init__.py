"""Everything that draws the plan: the style table, web maps, static maps and printouts."""
