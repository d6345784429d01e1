// Forwarding header for one commit while files move to their folders (issue #11).
#pragma once
#include "engine/store/csv_writer.hpp"
