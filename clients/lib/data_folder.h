// Which data folder a command uses when neither --data_dir nor
// FRONTDOOR_DATA_DIR names one, so that `frontdoor` finds the same stack and
// runs from any directory, not only from the one it was first started in.
#ifndef FRONTDOOR_CLIENTS_LIB_DATA_FOLDER_H_
#define FRONTDOOR_CLIENTS_LIB_DATA_FOLDER_H_

#include <string>

namespace frontdoor {

// The data folder a command uses by default: the current folder when it is
// a data folder (it holds stack.lock or intake's store), else its
// ./frontdoor-data when that exists, else the user's folder,
// $XDG_DATA_HOME/frontdoor or ~/.local/share/frontdoor.
std::string DefaultDataDir();

// DefaultDataDir's choice for the folder `cwd` and the environment's
// XDG_DATA_HOME and HOME (empty when unset); with neither usable, the
// folder's own frontdoor-data.
std::string ChooseDataDir(const std::string& cwd,
                          const std::string& xdg_data_home,
                          const std::string& home);

}  // namespace frontdoor

#endif  // FRONTDOOR_CLIENTS_LIB_DATA_FOLDER_H_
