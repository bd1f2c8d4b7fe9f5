"""Texts of the users page (accounts, one-time passwords, the sign-in log)."""

TEXT = {
    "nav.users": ("用户与角色", "Users and roles"),
    "users.title": ("用户与角色", "Users and roles"),
    "users.intro": (
        "账号、角色和账号设置。管理员可看全部；经理看自己和下属；人力资源看人员与人才数据；销售看自己的客户和订单。"
        "不能删除账号，请停用；必须至少保留一个启用的管理员。",
        "Accounts, roles and the account settings. An admin sees everything; a manager themselves and "
        "everyone under them; HR people and talent records; a salesperson their own customers and orders. "
        "Accounts are not deleted but deactivated; at least one active admin must remain.",
    ),
    "users.s.accounts": ("账号", "Accounts"),
    "users.s.add": ("新增账号", "Add an account"),
    "users.s.reset": ("重置密码", "Reset a password"),
    "users.s.settings": ("账号设置", "Account settings"),
    "users.s.log": ("登录记录", "Sign-in log"),
    "users.add_help": (
        "新账号会得到一个一次性密码，只显示一次；用户首次登录时必须修改。经理和销售账号须关联人员（决定其范围）。",
        "A new account gets a one-time password, shown once; its user must change it at the first sign-in. "
        "A manager's or salesperson's account belongs to a person (that sets their scope).",
    ),
    "users.add": ("新增账号", "Add the account"),
    "users.person": ("人员", "Person"),
    "users.no_person": ("（不关联人员）", "(no person)"),
    "users.added": (
        "已新增账号 {login}。一次性密码（只显示这一次，请交给用户本人）：",
        "Account {login} added. Its one-time password (shown this once; give it to the user in person):",
    ),
    "users.reset_help": (
        "为选中的账号设一个一次性密码：其正在进行的会话会结束，锁定解除，用户下次登录时必须修改密码。",
        "Give the chosen account a one-time password: its sessions end, a lock is lifted, and its user must "
        "change the password at the next sign-in.",
    ),
    "users.reset_who": ("账号", "Account"),
    "users.reset": ("重置密码", "Reset the password"),
    "users.reset_done": (
        "{login} 的一次性密码（只显示这一次）：",
        "One-time password of {login} (shown this once):",
    ),
    "users.login_taken": ("这个登录名已被使用", "this login name is taken"),
    "users.role_needed": ("请选择角色", "choose a role"),
    "users.person_needed": (
        "经理和销售账号须关联人员",
        "a manager's or salesperson's account needs a person",
    ),
    "users.unknown_login": ("（未知登录名 {digest}）", "(unknown name {digest})"),
    "users.no_log": ("还没有登录记录。", "No sign-ins yet."),
    "users.col.at": ("时间", "When"),
    "home.password_changed": ("密码", "Password"),
    "home.not_recorded": ("已更改（不记录）", "changed (not recorded)"),
    "users.col.active": ("启用", "Active"),
    "users.grid_note": (
        "在下方新增账号；账号不能删除，取消“启用”即停用（其登录记录和修改记录仍指向它）。",
        "Add accounts below; an account is never deleted: untick Active to deactivate it (its sign-ins and "
        "changes still name it).",
    ),
    "users.col.login": ("登录名", "Login name"),
    "users.col.event": ("事件", "Event"),
    "users.event.signed_in": ("登录", "signed in"),
    "users.event.failed": ("登录失败", "failed"),
    "users.event.locked": ("已锁定", "locked"),
    "users.event.lock_expired": ("锁定到期", "lock expired"),
    "users.event.signed_out": ("退出", "signed out"),
    "users.event.password_changed": ("修改密码", "password changed"),
    "users.event.password_reset": ("重置密码", "password reset"),
    "users.event.first_admin": ("创建首个管理员", "first admin created"),
    "v.last_admin": (
        "至少要保留一个启用的管理员账号",
        "at least one active admin account must remain",
    ),
    "table.users": ("账号", "accounts"),
    "table.account_settings": ("账号设置", "account settings"),
    "col.login": ("登录名", "Login name"),
    "col.display_name": ("显示名", "Display name"),
    "col.role": ("角色", "Role"),
    "col.person_id": ("人员", "Person"),
    "col.must_change_password": ("须改密码", "Must change password"),
    "col.lang": ("语言", "Language"),
    "col.last_sign_in_at": ("上次登录", "Last sign-in"),
    "col.failed_attempts": ("连续失败", "Failed in a row"),
    "col.locked_until": ("锁定至", "Locked until"),
    "col.created_at": ("创建时间", "Created"),
    "enum.role.admin": ("管理员", "admin"),
    "enum.role.manager": ("经理", "manager"),
    "enum.role.hr": ("人力资源", "HR"),
    "enum.role.sales": ("销售", "sales"),
    "enum.lang.zh": ("中文", "中文"),
    "enum.lang.en": ("English", "English"),
}
