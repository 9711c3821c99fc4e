// Debian's libxlsxwriter-dev installs the umbrella header here.
#include <xlsxwriter.h>
